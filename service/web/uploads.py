"""Files uploaded to the imports: as the body in their own type, or as a form's file (a browser's, `curl -F`)."""

from __future__ import annotations

from flask import request

from service.errors import Problem

# The requestBody content of an upload sent as a form's file.
FORM_FILE_CONTENT = {
    "multipart/form-data": {
        "schema": {
            "type": "object",
            "properties": {"file": {"type": "string", "format": "binary"}},
            "required": ["file"],
        }
    }
}


def form_file(what: str) -> bytes:
    """The file of a multipart/form-data request: its field `file`, else its first file.

    A form without a file is a 422 that asks for ``what`` ("the .ics file") in a field named `file`.
    """
    upload = request.files.get("file") or next(iter(request.files.values()), None)
    if upload is None:
        message = f"The form has no file: send {what} in a field named `file`."
        raise Problem(422, message, code="no_file", errors={"file": [message]})
    return upload.read()
