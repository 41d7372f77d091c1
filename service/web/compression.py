"""Response compression: Flask-Compress, set up for a JSON API.

- Answers of the types in ``COMPRESS_MIMETYPES`` (JSON, problem documents, vCards) of at least
  ``COMPRESS_MIN_SIZE`` bytes are sent with brotli or gzip, whichever the client's ``Accept-Encoding``
  prefers (brotli when it likes both as well). ``text/calendar`` never is: calendar apps handle it
  badly, and the feed answers its own conditional requests from the ETag it stores.
- Every answer says ``Vary: Accept-Encoding``, 304s included.
- ETags stay strong. A compressed answer is another representation, so it carries another ETag
  (RFC 9110, 8.8.3): Flask-Compress appends the coding, ``"<etag>:br"``, and turns a matching
  ``If-None-Match`` into a 304 after compressing. ``If-None-Match`` with the uncompressed ETag is
  answered before that, by the blueprint. ``If-Match`` accepts either (``encoded_etags``).
"""

from __future__ import annotations

import flask_compress
from flask import Response, current_app, request


class Compress(flask_compress.Compress):
    """Flask-Compress, for problem documents too, and never in a coding the client refused.

    Flask-Compress leaves every answer outside 2xx alone, but a 422 listing many invalid fields is
    as worth compressing as a page. An error carries no validators, so Flask-Compress, shown it as
    a 200, changes nothing but its encoding.

    The compressible types and the codings are read once, by ``init_app``, into this object that
    every app shares; the size threshold and levels are read from the app on each request.
    """

    def after_request(self, response: Response) -> Response:
        if request.accept_encodings.best_match(self.enabled_algorithms) is None:
            # Flask-Compress would pick one refused with q=0 ("br;q=0, deflate") for want of another.
            response.vary.add("Accept-Encoding")
            return response
        body = response.response
        if response.status_code < 400 or "ETag" in response.headers or "Last-Modified" in response.headers:
            response = super().after_request(response)
        else:
            status = response.status
            response.status_code = 200
            try:
                response = super().after_request(response)
            finally:
                response.status = status
        if response.response is not body and hasattr(body, "close"):
            # A stream compressed as it goes reads the file or generator it replaced: close that too.
            response.call_on_close(body.close)
        return response


def encoded_etags(etag: str) -> list[str]:
    """``etag`` as a compressed answer carries it: one per coding (``abc`` -> ``abc:br``, ``abc:gzip``)."""
    return [f"{etag}:{coding}" for coding in current_app.config["COMPRESS_ALGORITHM"]]


compress = Compress()
