import marshmallow as ma

from service.schemas.fields import Id, NormalizedEmail, Text, Timestamp, timezone_field

PASSWORD_MIN_LENGTH = 10
PASSWORD_MAX_LENGTH = 1024


def _email(**kwargs) -> NormalizedEmail:
    return NormalizedEmail(
        validate=ma.validate.Length(max=254),
        metadata={"example": "ana@example.com"},
        **kwargs,
    )


MAX_REMINDER_MINUTES = 4 * 7 * 24 * 60  # four weeks


def _reminder_minutes(**kwargs) -> ma.fields.Integer:
    return ma.fields.Integer(
        strict=True,
        allow_none=True,
        validate=ma.validate.Range(min=0, max=MAX_REMINDER_MINUTES),
        metadata={
            "description": "Minutes before a meeting that my calendar reminds me (feed, .ics and CalDAV); "
            "null for no reminder.",
            "example": 15,
        },
        **kwargs,
    )


def _password(*, metadata: dict | None = None, **kwargs) -> ma.fields.String:
    return ma.fields.String(
        load_only=True,
        validate=ma.validate.Length(min=PASSWORD_MIN_LENGTH, max=PASSWORD_MAX_LENGTH),
        metadata={"description": f"At least {PASSWORD_MIN_LENGTH} characters.", **(metadata or {})},
        **kwargs,
    )


class UserSchema(ma.Schema):
    id = Id(dump_only=True, metadata={"example": 1})
    email = _email(dump_only=True)
    name = Text(200, dump_only=True, metadata={"example": "Ana Lima"})
    timezone = timezone_field(dump_only=True)
    reminder_minutes = _reminder_minutes(dump_only=True)
    email_verified = ma.fields.Boolean(
        dump_only=True,
        metadata={
            "description": "Whether the address is shown to be mine (by the link emailed to it); reminders by "
            "email go only to a verified address.",
            "example": False,
        },
    )
    created_at = Timestamp(dump_only=True)
    updated_at = Timestamp(dump_only=True)


class RegisterSchema(ma.Schema):
    email = _email(required=True)
    password = _password(required=True, metadata={"example": "correct horse battery"})
    name = Text(200, min_length=1, required=True, metadata={"example": "Ana Lima"})
    timezone = timezone_field(load_default="UTC")


class MeUpdateSchema(ma.Schema):
    """Change my profile; a new email or password needs the current password."""

    name = Text(200, min_length=1, metadata={"example": "Ana Lima"})
    timezone = timezone_field()
    reminder_minutes = _reminder_minutes()
    email = _email()
    password = _password(
        metadata={"description": "A new password, at least 10 characters.", "example": "staple battery horse correct"}
    )
    current_password = ma.fields.String(
        load_only=True,
        validate=ma.validate.Length(max=PASSWORD_MAX_LENGTH),
        metadata={"description": "Required to change email or password.", "example": "correct horse battery"},
    )

    @ma.validates_schema
    def _needs_current_password(self, data, **kwargs):
        if ("email" in data or "password" in data) and not data.get("current_password"):
            raise ma.ValidationError(
                "Give your current password to change your email or password.",
                "current_password",
            )


class PasswordConfirmationSchema(ma.Schema):
    password = ma.fields.String(
        required=True,
        load_only=True,
        validate=ma.validate.Length(max=PASSWORD_MAX_LENGTH),
        metadata={"description": "Your current password, to confirm.", "example": "correct horse battery"},
    )


class LoginSchema(ma.Schema):
    # Not checked as an address: whatever was typed, a wrong one is the same 401.
    email = Text(254, required=True, metadata={"example": "ana@example.com"})
    password = ma.fields.String(
        required=True,
        load_only=True,
        validate=ma.validate.Length(max=PASSWORD_MAX_LENGTH),
        metadata={"example": "correct horse battery"},
    )
    device_name = Text(
        200,
        min_length=1,
        metadata={
            "description": "What to call this login in the list of sessions; by default the User-Agent.",
            "example": "Ana's iPhone",
        },
    )


class WebTokenSchema(ma.Schema):
    """The web login's answer: the access token only; the refresh token is a cookie no script can read."""

    access_token = ma.fields.String(
        required=True,
        metadata={
            "description": "A JWT for the Authorization header; keep it in memory only.",
            "example": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig",
        },
    )
    token_type = ma.fields.String(required=True, metadata={"example": "Bearer"})
    expires_in = ma.fields.Integer(
        required=True, metadata={"description": "Seconds until the access token expires.", "example": 900}
    )


class TokenPairSchema(ma.Schema):
    access_token = ma.fields.String(
        required=True,
        metadata={
            "description": "A JWT for the Authorization header.",
            "example": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig",
        },
    )
    refresh_token = ma.fields.String(
        required=True,
        metadata={
            "description": "Exchange at /api/v1/auth/refresh for a new pair; single use.",
            "example": "eyJhbGciOiJIUzI1NiJ9.eyJ0eXBlIjoicmVmcmVzaCJ9.sig",
        },
    )
    token_type = ma.fields.String(required=True, metadata={"example": "Bearer"})
    expires_in = ma.fields.Integer(
        required=True, metadata={"description": "Seconds until the access token expires.", "example": 900}
    )


class AcceptedSchema(ma.Schema):
    """A request taken: what happens next, in a sentence."""

    detail = ma.fields.String(
        required=True,
        metadata={"example": "If an account has this address, a link to set a new password is on its way to it."},
    )


class PasswordResetRequestSchema(ma.Schema):
    email = ma.fields.String(
        required=True,
        validate=ma.validate.Length(min=1, max=320),
        metadata={"description": "The address of the account, in any spelling.", "example": "ana@example.com"},
    )


def _link_token() -> ma.fields.String:
    return ma.fields.String(
        required=True,
        validate=ma.validate.Length(min=1, max=200),
        metadata={
            "description": "The `token` of the link in the email.",
            "example": "q3Vf0sKc1Yb9mZt2Xw8LrA6nHdPuGjE4oTiQyB5aW7c",
        },
    )


class PasswordResetConfirmSchema(ma.Schema):
    token = _link_token()
    password = _password(required=True, metadata={"example": "a new horse battery"})


class VerifyEmailSchema(ma.Schema):
    token = _link_token()
