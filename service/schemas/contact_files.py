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


def row_number(example: int) -> ma.fields.Integer:
    """Where in the file a row of the import report is."""
    return ma.fields.Integer(
        required=True,
        metadata={
            "description": "The card's number (from 1) in a vCard file; the line number in a CSV file.",
            "example": example,
        },
    )


class ContactImportErrorSchema(ma.Schema):
    class Meta:
        ordered = True

    row = row_number(example=3)
    message = ma.fields.String(
        required=True,
        metadata={
            "example": 'Jamie Doe: email "jamie(at)example.org": Not a valid email address. '
            "Correct it in the file, or leave it empty, and import again."
        },
    )


class ContactImportWarningSchema(ma.Schema):
    class Meta:
        ordered = True

    row = row_number(example=2)
    field = ma.fields.String(
        required=True,
        metadata={"description": "The contact field the warning is about.", "example": "name"},
    )
    message = ma.fields.String(
        required=True,
        metadata={
            "example": 'Card 2 (line 8) has no name (no FN, N or ORG), so it was named "Jane Doe" after its email '
            "address: rename the contact if that is not who it is."
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
    warnings = ma.fields.List(
        ma.fields.Nested(ContactImportWarningSchema),
        required=True,
        metadata={
            "description": "Rows imported with a value the import repaired or made up, for me to check: a name "
            "taken from the email address of a card or row without one, or text with bytes that were not in "
            "the file's character set (read in its legacy code page, such as Windows-1252, or replaced by "
            "U+FFFD). Only values that went into a contact are warned about. Empty when there is nothing to check.",
            "example": [
                {
                    "row": 2,
                    "field": "notes",
                    "message": "Card 2 (line 13): line 20 (NOTE) had bytes that are not UTF-8 text; they were read "
                    "as Windows-1252: check the contact's notes.",
                }
            ],
        },
    )
