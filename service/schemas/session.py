import marshmallow as ma

from service.schemas.fields import Timestamp
from service.schemas.pages import PageArgsSchema, page_schema


class LoginSessionSchema(ma.Schema):
    """One device logged in to my account."""

    class Meta:
        ordered = True

    id = ma.fields.String(
        dump_only=True,
        metadata={"description": "The session's id.", "example": "8d87b069-c8d5-4638-9657-728fc0a8e796"},
    )
    device_name = ma.fields.String(
        dump_only=True,
        allow_none=True,
        metadata={"description": "As the login named it, or its User-Agent.", "example": "Ana's iPhone"},
    )
    # Set on each session by the view, which knows the request's token: a schema never reads the request.
    current = ma.fields.Boolean(
        dump_only=True,
        metadata={"description": "Whether this is the session of the token making the request.", "example": True},
    )
    created_at = Timestamp(dump_only=True, metadata={"description": "When the device logged in."})
    last_used_at = Timestamp(
        dump_only=True,
        metadata={"description": "The device's last login or token refresh (access tokens last 15 minutes)."},
    )
    expires_at = Timestamp(dump_only=True, metadata={"description": "When it ends unless the device refreshes."})


class LoginSessionQuerySchema(PageArgsSchema):
    pass


LoginSessionPageSchema = page_schema(LoginSessionSchema, "LoginSessionPage")
