"""Secrets kept at rest encrypted (Fernet: AES-128-CBC with HMAC-SHA256).

``ENCRYPTION_KEYS`` lists keys, newest first: the first encrypts, any of them decrypts,
so a key is rotated by putting a new one in front and dropping the old one later.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app


class UndecryptableSecret(Exception):
    """The stored secret was encrypted with a key that is no longer configured."""


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in current_app.config["ENCRYPTION_KEYS"]])


def encrypt(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise UndecryptableSecret("no configured key decrypts this secret") from exc
