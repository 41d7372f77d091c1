"""Opaque tokens: what the API hands a client to pass back unchanged, and secrets kept only as hashes.

- ``encode``/``decode``: a list of JSON values as url-safe base64 without padding, for page
  cursors and sync tokens. Clients must not read them; the API checks every value it gets back.
- ``hash_secret``: the SHA-256 (hex) under which a bearer secret (a personal access token, a
  calendar feed token) is stored and looked up, so a leaked database holds no usable secret.
"""

from __future__ import annotations

import base64
import hashlib
import json


def encode(values: list) -> str:
    """``values`` (JSON-serialisable) as an opaque, URL-safe token."""
    raw = json.dumps(values, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(token: str) -> list:
    """The list of values ``token`` holds; ``ValueError`` for anything ``encode`` did not make."""
    try:
        values = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (ValueError, TypeError, RecursionError):  # bad base64 or UTF-8, not JSON, nested too deeply
        raise ValueError("not a token this API made") from None
    if not isinstance(values, list):
        raise ValueError("not a token this API made")
    return values


def hash_secret(secret: str) -> str:
    """The stored form of a bearer secret: its SHA-256, hex."""
    return hashlib.sha256(secret.encode()).hexdigest()
