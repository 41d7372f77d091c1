"""The RFC 9457 problem document every error answers with (documentation only)."""

import marshmallow as ma

from service.errors import PROBLEM_CODES
from service.schemas.fields import SENT_WHEN_APPLIES


class ProblemSchema(ma.Schema):
    class Meta:
        # Documented as open: problem types may add members.
        unknown = ma.INCLUDE

    type = ma.fields.String(
        metadata={
            "description": "A URI reference naming the problem type; `about:blank` when the HTTP status says it all.",
            "example": "about:blank",
        }
    )
    title = ma.fields.String(
        required=True,
        metadata={"description": "Short summary of the problem type.", "example": "Not Found"},
    )
    status = ma.fields.Integer(required=True, metadata={"description": "The HTTP status code.", "example": 404})
    detail = ma.fields.String(
        metadata={
            "description": "What went wrong in this occurrence, and what to do about it.",
            "example": "No contact with id 42 exists.",
        }
    )
    instance = ma.fields.String(
        metadata={
            **SENT_WHEN_APPLIES,
            "description": "The request path that failed (left out of the errors that the server in front of the "
            "API answers itself, such as 408, 413 or 502).",
            "example": "/api/v1/contacts/42",
        }
    )
    code = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf(PROBLEM_CODES),
        metadata={
            "description": "A stable, machine-readable name for the problem, e.g. "
            "`validation_failed`, `token_expired`, `email_taken`. New codes may be added: treat one you do not "
            "know by its HTTP status.",
            "example": "not_found",
        },
    )
    errors = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Raw(),
        metadata={
            **SENT_WHEN_APPLIES,
            "description": "For 422: each invalid field (or `_schema`) mapped to its messages.",
            "example": {"email": ["Not a valid email address."]},
        },
    )
