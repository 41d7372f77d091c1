import marshmallow as ma

from service.schemas.fields import Id, Text, Timestamp
from service.schemas.pages import PageArgsSchema, page_schema

SCOPE_SETS = (["read"], ["read", "write"])
MAX_DAYS = 366


class AccessTokenSchema(ma.Schema):
    """A personal access token, without its secret."""

    class Meta:
        ordered = True

    id = Id(dump_only=True, metadata={"example": 3})
    name = Text(
        100, min_length=1, required=True, metadata={"description": "What it is for.", "example": "backup script"}
    )
    scopes = ma.fields.List(
        ma.fields.String(validate=ma.validate.OneOf(["read", "write"])),
        required=True,
        validate=ma.validate.Length(min=1, max=2),
        metadata={
            "description": '`["read"]` to read only, or `["read", "write"]` to change data too.',
            "example": ["read"],
        },
    )
    expires_in_days = ma.fields.Integer(
        load_only=True,
        allow_none=True,
        load_default=90,
        validate=ma.validate.Range(min=1, max=MAX_DAYS),
        metadata={"description": f"Days until it stops working (1 to {MAX_DAYS}); null: never.", "example": 90},
    )
    hint = ma.fields.String(
        dump_only=True,
        metadata={"description": "The token's first characters, to tell tokens apart.", "example": "cc_pat_x3Fq"},
    )
    created_at = Timestamp(dump_only=True)
    last_used_at = Timestamp(
        dump_only=True,
        allow_none=True,
        metadata={"description": "When it was last used (to the minute); null: never.", "example": None},
    )
    expires_at = Timestamp(
        dump_only=True, allow_none=True, metadata={"description": "null: it never expires.", "example": None}
    )

    @ma.validates("scopes")
    def _known_scope_set(self, scopes, **kwargs):
        if sorted(set(scopes)) not in SCOPE_SETS:
            raise ma.ValidationError('Use ["read"] or ["read", "write"].')

    @ma.post_load
    def _sorted_scopes(self, data, **kwargs):
        data["scopes"] = sorted(set(data["scopes"]))
        return data


class NewAccessTokenSchema(AccessTokenSchema):
    """A token just made: the only time its secret is shown."""

    token = ma.fields.String(
        dump_only=True,
        metadata={
            "description": "Send it as `Authorization: Bearer <token>`. It is shown only now; store it safely.",
            "example": "cc_pat_x3FqLr0m2v8YkqzJmC5bq0Hf1cW9sV3aD7nP4eT6uGo",
        },
    )


class AccessTokenQuerySchema(PageArgsSchema):
    pass


AccessTokenPageSchema = page_schema(AccessTokenSchema, "AccessTokenPage")
