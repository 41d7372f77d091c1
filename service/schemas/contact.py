import marshmallow as ma

from service.models.contact import MAX_TAGS
from service.schemas.fields import Id, Text, Timestamp, optional_text
from service.schemas.pages import PageArgsSchema, page_schema


class ContactSchema(ma.Schema):
    """A contact as I send it (POST, PATCH) and read it back."""

    class Meta:
        ordered = True

    id = Id(dump_only=True, metadata={"example": 7})
    name = Text(200, min_length=1, required=True, metadata={"example": "Priya Raman"})
    email = ma.fields.Email(
        allow_none=True, validate=ma.validate.Length(max=254), metadata={"example": "priya@example.org"}
    )
    phone = optional_text(50, metadata={"example": "+44 20 7946 0958"})
    company = optional_text(200, metadata={"example": "Northwind Analytics"})
    title = optional_text(200, metadata={"example": "Head of Data Science"})
    industry = optional_text(200, metadata={"example": "Healthcare analytics"})
    location = optional_text(200, metadata={"example": "London"})
    linkedin_url = ma.fields.URL(
        allow_none=True,
        schemes={"http", "https"},
        validate=ma.validate.Length(max=500),
        metadata={"example": "https://www.linkedin.com/in/priya-raman"},
    )
    how_met = optional_text(1000, metadata={"example": "Spoke after her PyData talk on clinical NLP"})
    referred_by_id = Id(
        allow_none=True,
        metadata={"description": "Another of my contacts, who introduced us.", "example": None},
    )
    source_meeting_id = Id(
        dump_only=True,
        allow_none=True,
        metadata={"description": "The meeting in which their introducer offered to connect us.", "example": None},
    )
    tags = ma.fields.List(
        Text(50, min_length=1),
        load_default=list,
        validate=ma.validate.Length(max=MAX_TAGS),
        metadata={"description": f"Up to {MAX_TAGS} tags; duplicates are dropped.", "example": ["data", "mentor"]},
    )
    notes = optional_text(10_000, metadata={"example": "Prefers mornings; two kids at Hill Primary."})
    research_notes = optional_text(
        20_000,
        metadata={
            "description": "What I learned before meeting: what I read, so I don't ask it.",
            "example": "Led the team that shipped Northwind's triage model (2024 blog post).",
        },
    )
    created_at = Timestamp(dump_only=True)
    updated_at = Timestamp(dump_only=True)

    @ma.post_load
    def _drop_duplicate_tags(self, data, **kwargs):
        if "tags" in data:
            seen: set[str] = set()
            data["tags"] = [t for t in data["tags"] if not (t.lower() in seen or seen.add(t.lower()))]
        return data


class ContactSummarySchema(ma.Schema):
    """Who a contact is, in brief: what a list of meetings shows of each meeting's contact."""

    class Meta:
        ordered = True

    id = Id(dump_only=True, metadata={"example": 7})
    name = ma.fields.String(dump_only=True, metadata={"example": "Priya Raman"})
    company = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": "Northwind Analytics"})


class ContactQuerySchema(PageArgsSchema):
    q = ma.fields.String(
        validate=ma.validate.Length(min=1, max=200),
        metadata={"description": "Case-insensitive text found in name, company, email, title or notes."},
    )
    tag = ma.fields.String(
        validate=ma.validate.Length(min=1, max=50),
        metadata={"description": "Only contacts with this tag (case-insensitive)."},
    )
    company = ma.fields.String(
        validate=ma.validate.Length(min=1, max=200),
        metadata={"description": "Only contacts at this company (case-insensitive, exact)."},
    )


ContactPageSchema = page_schema(ContactSchema, "ContactPageSchema")
