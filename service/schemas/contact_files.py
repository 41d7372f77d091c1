import marshmallow as ma

from service.contacts_io import MAX_ROWS


class ContactImportQuerySchema(ma.Schema):
    dry_run = ma.fields.Boolean(
        load_default=False,
        metadata={
            "description": "Answer what the import would do, and change nothing.",
            "example": False,
        },
    )


class ContactImportErrorSchema(ma.Schema):
    class Meta:
        ordered = True

    row = ma.fields.Integer(
        required=True,
        metadata={
            "description": "The card's number (from 1) in a vCard file; the line number in a CSV file.",
            "example": 3,
        },
    )
    message = ma.fields.String(
        required=True,
        metadata={
            "example": 'Jamie Doe: email "jamie(at)example.org": Not a valid email address. '
            "Correct it in the file, or leave it empty, and import again."
        },
    )


class ContactImportResultSchema(ma.Schema):
    """What an import did, row by row: each card or CSV row counts once, in one of the four."""

    class Meta:
        ordered = True

    created = ma.fields.Integer(required=True, metadata={"description": "New contacts.", "example": 12})
    updated = ma.fields.Integer(
        required=True,
        metadata={"description": "Rows that filled in fields of a contact I had.", "example": 3},
    )
    skipped = ma.fields.Integer(
        required=True,
        metadata={
            "description": "Rows about a contact I had that added nothing to it, and contact groups' cards.",
            "example": 1,
        },
    )
    errors = ma.fields.List(
        ma.fields.Nested(ContactImportErrorSchema),
        required=True,
        metadata={"description": f"Rows not imported, and why (at most {MAX_ROWS} rows are read)."},
    )
