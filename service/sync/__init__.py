"""Delta sync: every change to a synced object numbered per account (``recording``), and read back
by position, with tokens that carry the position and tombstones purged after 90 days (``reading``).

A domain package: it never imports the web layer. Its one import of a floor above is
``service.schemas.sync.KINDS``, the synced kinds and the schemas that say what of each the API shows.
"""

from service.sync.reading import (
    TOMBSTONE_LIFETIME,
    ExpiredToken,
    InvalidToken,
    Page,
    Position,
    decode_token,
    encode_token,
    load_shown,
    purge_tombstones,
    read_page,
    shown,
    start,
)
from service.sync.recording import Recorded, UnrecordedStatement, observe, register_listeners

__all__ = [
    "TOMBSTONE_LIFETIME",
    "ExpiredToken",
    "InvalidToken",
    "Page",
    "Position",
    "Recorded",
    "UnrecordedStatement",
    "decode_token",
    "encode_token",
    "load_shown",
    "observe",
    "shown",
    "purge_tombstones",
    "read_page",
    "register_listeners",
    "start",
]
