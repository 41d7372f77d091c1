"""Requests to addresses that users give (a CalDAV calendar, a webhook endpoint), guarded against
server-side request forgery: the host must resolve to public addresses only, unless the deployment
allows private ones (``CALDAV_ALLOW_PRIVATE_HOSTS``, for a server on the same machine or network).

The check runs before every request; a DNS answer that changes between the check and the
connection (DNS rebinding) is outside what it can see. Callers also refuse redirects, so a
request cannot be led to an address the check has not seen.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}
# RFC 6052 well-known NAT64 prefix: 64:ff9b::7f00:1 reaches 127.0.0.1 through a NAT64 gateway.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class UnresolvableHost(ValueError):
    """The URL's host name is not in DNS."""


class PrivateAddress(ValueError):
    """The URL's host is, or resolves to, a private or local address; ``str()`` says which, in a sentence."""

    def __init__(self, host: str, address: str) -> None:
        self.host, self.address = host, address
        what = f"{host} is" if is_ip_literal(host) else f"{host} leads to {address}, which is"
        super().__init__(f"{what} a private or local network address")


def refuse_private_address(url: str) -> None:
    """Raise PrivateAddress unless every address the URL's host resolves to is public; UnresolvableHost if none."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        addresses = socket.getaddrinfo(host, parts.port or DEFAULT_PORTS[parts.scheme], type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise UnresolvableHost(host) from exc
    for *_, sockaddr in addresses:
        address = ipaddress.ip_address(sockaddr[0])
        if not is_public(address):
            raise PrivateAddress(host, str(address))


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether ``address`` is a public unicast address, looking through IPv6 forms that carry an IPv4 one."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None and not is_public(embedded):
            return False
        if address.teredo is not None and not all(is_public(part) for part in address.teredo):
            return False
    # is_global alone lets multicast through (224.0.0.1 counts as global), hence the rest.
    return (
        address.is_global
        and not address.is_multicast
        and not address.is_reserved
        and not address.is_unspecified
        and not address.is_loopback
        and not address.is_link_local
        and not address.is_private
    )


def is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class UnusableUrl(ValueError):
    """The URL cannot receive webhooks; ``str()`` says why, for the person who entered it."""


def checked_url(url: str, *, allow_private_hosts: bool) -> str:
    """``url`` as it will be called (a webhook receiver, a push service), or UnusableUrl: https (http where
    private hosts are allowed, for a receiver on this machine), a host, no credentials, and a host that
    resolves to public addresses."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 -- raises ValueError for a port that is not a number or out of range
    except ValueError as exc:
        raise UnusableUrl("This is not a valid web address.") from exc
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        raise UnusableUrl("Give a web address starting with https://.")
    if scheme == "http" and not allow_private_hosts:
        raise UnusableUrl("Use https://: events carry personal data, and go only over encrypted connections.")
    if parts.username is not None or parts.password is not None:
        raise UnusableUrl("Remove the user name and password from the URL: verify the signature instead.")
    if parts.fragment:
        raise UnusableUrl("The address has no '#' part; remove it.")
    checked = parts._replace(scheme=scheme).geturl()
    if not allow_private_hosts:
        try:
            refuse_private_address(checked)
        except UnresolvableHost as exc:
            raise UnusableUrl(f"{parts.hostname} could not be found in DNS.") from exc
        except PrivateAddress as exc:
            raise UnusableUrl(f"{exc}, and coffeechat only sends to addresses on the internet.") from exc
    return checked
