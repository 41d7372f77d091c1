"""The two ways coffeechat reaches a person: Web Push (VAPID, with pywebpush) and email (SMTP).

Plain Python over what it is given: keys, addresses, a message. No database, no Flask.
"""

from __future__ import annotations

import base64
import json
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import requests
from cryptography.hazmat.primitives import serialization
from py_vapid import Vapid
from pywebpush import WebPushException, webpush

# A push that waits longer than a day at the push service is not worth showing any more.
PUSH_TTL_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Message:
    """One reminder, as every channel shows it."""

    title: str
    body: str
    url: str  # the app's screen, absolute
    tag: str  # one notification per subject on a device: a newer one replaces it


# --- Web Push ------------------------------------------------------------------------------------


@cache
def vapid_from_pem(pem: str) -> Vapid:
    """The VAPID key of a PEM (parsed once per process)."""
    return Vapid.from_pem(pem.encode())


def generate_vapid_pem(path: Path) -> None:
    """A new VAPID key pair (P-256), written as the private key's PEM, readable by its owner only."""
    vapid = Vapid()
    vapid.generate_keys()
    pem = vapid.private_pem()
    path.write_bytes(pem)


def application_server_key(vapid: Vapid) -> str:
    """The public key as browsers take it (``applicationServerKey``): the uncompressed point, base64url."""
    raw = vapid.public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


class SubscriptionGone(Exception):
    """The push service says the subscription no longer exists (404, 410): forget it."""


class PushFailed(Exception):
    """The push service refused or could not be reached; ``str()`` says how."""


def push(
    subscription: dict, message: Message, vapid: Vapid, subject: str, *, timeout: float, session: requests.Session
) -> None:
    """Send ``message`` to one subscription (``{"endpoint", "keys": {"p256dh", "auth"}}``), encrypted (RFC 8291)."""
    data = json.dumps({"title": message.title, "body": message.body, "url": message.url, "tag": message.tag})
    try:
        webpush(
            subscription,
            data=data,
            vapid_private_key=vapid,
            vapid_claims={"sub": subject},
            ttl=PUSH_TTL_SECONDS,
            timeout=timeout,
            requests_session=session,
        )
    except WebPushException as exc:
        status = exc.response.status_code if exc.response is not None else None
        if status in (404, 410):
            raise SubscriptionGone from exc
        raise PushFailed(f"the push service answered {status}" if status else "the push failed") from exc
    except requests.RequestException as exc:
        raise PushFailed(f"the push service could not be reached ({type(exc).__name__})") from exc


# --- email --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mailer:
    """An SMTP server from ``SMTP_URL``: ``smtp://[user:password@]host[:port]`` (STARTTLS when the server
    offers it) or ``smtps://...`` (TLS from the start); and the From address."""

    url: str
    sender: str
    timeout: float = 10

    def send(self, message: EmailMessage) -> None:
        parts = urlsplit(self.url)
        host, port = parts.hostname or "localhost", parts.port
        context = ssl.create_default_context()
        if parts.scheme == "smtps":
            client: smtplib.SMTP = smtplib.SMTP_SSL(host, port or 465, timeout=self.timeout, context=context)
        else:
            client = smtplib.SMTP(host, port or 25, timeout=self.timeout)
        with client:
            client.ehlo()
            if parts.scheme == "smtp" and client.has_extn("starttls"):
                client.starttls(context=context)
                client.ehlo()
            if parts.username:
                client.login(unquote(parts.username), unquote(parts.password or ""))
            client.send_message(message)


def email(to: str, sender: str, subject: str, text: str, html: str, *, unsubscribe_url: str | None) -> EmailMessage:
    """A message with a plain-text part and an HTML part; with ``unsubscribe_url``, the one-click
    unsubscribe headers (RFC 2369, RFC 8058) that mail apps show as a button."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1].strip("> "))
    if unsubscribe_url:
        message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message
