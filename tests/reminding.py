"""What the reminder tests share, as a pytest plugin: a device subscribed to Web Push whose messages a
real receiver gets and this side decrypts (``push_device``), and a real SMTP server (``mailbox``).

``push_device.subscription`` is what a browser's ``PushSubscription.toJSON()`` gives; its keys are
made here, so the payload of every push can be decrypted with ``http_ece`` as RFC 8291 says a browser
does (``push_device.messages()``), and its VAPID signature checked against the server's public key.
"""

from __future__ import annotations

import base64
import json
import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

import http_ece
import jwt
import pytest
from aiosmtpd.controller import Controller
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from tests.receiver import Receiver


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class PushDevice:
    """A browser's side of Web Push: its keys, and the push service (a real receiver) it subscribed at."""

    service: Receiver
    key: ec.EllipticCurvePrivateKey = field(default_factory=lambda: ec.generate_private_key(ec.SECP256R1()))
    auth: bytes = field(default_factory=lambda: os.urandom(16))

    @property
    def subscription(self) -> dict:
        public = self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {
            "endpoint": self.service.url,
            "expirationTime": None,
            "keys": {"p256dh": b64url(public), "auth": b64url(self.auth)},
        }

    def messages(self) -> list[dict]:
        """Every push received, decrypted with this device's keys (aes128gcm, RFC 8188/8291)."""
        return [
            json.loads(http_ece.decrypt(request.body, private_key=self.key, auth_secret=self.auth))
            for request in self.service.requests
        ]

    def vapid_claims(self, public_key: str) -> list[dict]:
        """Each push's VAPID JWT, verified with the server's public key (``push_public_key``)."""
        point = unb64url(public_key)
        key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
        claims = []
        for request in self.service.requests:
            scheme, _, params = request.headers["authorization"].partition(" ")
            assert scheme == "vapid"
            token = dict(part.strip().split("=", 1) for part in params.split(","))["t"]
            claims.append(jwt.decode(token, key, algorithms=["ES256"], options={"verify_aud": False}))
        return claims


@pytest.fixture
def push_device() -> Iterator[PushDevice]:
    service = Receiver()
    service.answer(201)
    yield PushDevice(service)
    service.stop()


class Mailbox:
    """An SMTP server on a free loopback port that keeps what it receives (aiosmtpd)."""

    def __init__(self) -> None:
        self.received: list[EmailMessage] = []
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        message = BytesParser(policy=policy.default).parsebytes(envelope.content)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.received.append(message)
        return "250 OK"

    def stop(self) -> None:
        self._controller.stop()


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    box = Mailbox()
    yield box
    box.stop()
