"""Secrets that travel in URLs, kept out of logs and error documents.

A calendar feed URL carries its token in the path, because calendar apps cannot send a
bearer token. Whatever writes a path to a log (gunicorn's access log, the error log) or
echoes it (a problem document's ``instance``) passes it through ``redact_path`` first.
"""

from __future__ import annotations

import re

_FEED_TOKEN = re.compile(r"(/calendar/)[^/?#\s\"]+(\.ics)")


def redact_path(text: str) -> str:
    """``text`` with every calendar feed token replaced by ``[token]``."""
    return _FEED_TOKEN.sub(r"\1[token]\2", text)
