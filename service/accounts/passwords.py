"""Password hashing with argon2id; parameters come from the app configuration."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app


def _hasher() -> PasswordHasher:
    hasher = current_app.extensions.get("password_hasher")
    if hasher is None:
        config = current_app.config
        hasher = PasswordHasher(
            time_cost=config["PASSWORD_HASH_TIME_COST"],
            memory_cost=config["PASSWORD_HASH_MEMORY_COST"],
            parallelism=config["PASSWORD_HASH_PARALLELISM"],
        )
        current_app.extensions["password_hasher"] = hasher
        # Verified against when an email is unknown, so both failures take as long.
        current_app.extensions["password_decoy"] = hasher.hash("decoy password for timing")
    return hasher


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check ``password``; with no hash (unknown user) spend the same time and fail."""
    hasher = _hasher()
    try:
        return hasher.verify(password_hash or current_app.extensions["password_decoy"], password) and (
            password_hash is not None
        )
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)
