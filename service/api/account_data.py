"""My whole account as one JSON document: export it, and import it into an empty account."""

from __future__ import annotations

from flask import current_app

from service.accounts import portability
from service.accounts.portability import AccountNotEmpty, InvalidDocument, UidsTaken
from service.database import db
from service.errors import Problem
from service.schemas.account_data import AccountDataSchema, AccountImportSchema
from service.web.auth import current_user
from service.web.blueprint import Blueprint

blp = Blueprint(
    "account_data",
    __name__,
    url_prefix="/api/v1",
    description="Everything I own as one JSON document: a backup, or a move to another account or server.",
)

blp.takes_files("import_account")


@blp.route("/export")
@blp.login_required
@blp.etag
@blp.response(200, AccountDataSchema)
def export_account():
    """Everything I own, as one document to keep or to import elsewhere.

    My settings, contacts (tags, who introduced them, at which meeting), goals, question banks
    and their questions, meetings (their goals, calendar UID and SEQUENCE), planned questions with
    their answers, outcomes and follow-ups, each kind in id order. Rows refer to one another by
    the ids they have now. Built-in starter banks are not exported: a bank or planned question
    copied from one names it in `copied_from_builtin_id` or `builtin_question_id`.

    Not included: logins (device sessions), the calendar feed URL, the CalDAV link and its
    password, personal access tokens, idempotency keys and the delta-sync history. The ETag
    changes when the data does, not with `exported_at`.
    """
    # Dumped here, once: the ETag leaves exported_at out, and dumping a second time for it
    # would double the cost of a large export.
    document = AccountDataSchema().dump(portability.export_account(current_user))
    blp.set_etag({key: value for key, value in document.items() if key != "exported_at"})
    return current_app.json.response(document)


@blp.route("/import", methods=["POST"])
@blp.login_required
@blp.arguments(AccountDataSchema)
@blp.response(201, AccountImportSchema)
@blp.alt_response(
    409,
    response="CONFLICT",
    description="The account already has contacts, goals, meetings, follow-ups or question banks of its own.",
)
@blp.alt_response(
    422,
    response="UNPROCESSABLE_ENTITY",
    description="The document is not valid; `errors` names each problem by its path, e.g. `contacts.3.email`.",
)
def import_account(document):
    """Restore an exported document into this account, which must be empty.

    All or nothing: the whole document is checked first (its version, every field by the rules
    of the API, every reference between its rows), and a document with any problem changes
    nothing. Every row gets a new id; timestamps are kept. Meetings and follow-ups keep their
    calendar UID and SEQUENCE, unless another meeting or follow-up on this server has that UID
    (the document comes from this server): then they get a new UID, and calendar apps show them
    as new events. Completed meetings come back completed with their outcomes, and no
    thank-you follow-up is added: the document has its own. My settings (name, time zone,
    reminder) are set from the document; email and password stay this account's.
    The body may be up to 16 MiB.
    """
    try:
        counts = portability.import_account(current_user, document)
    except AccountNotEmpty as exc:
        raise Problem(
            409,
            f"This account already has {exc.in_words()}. Import into an account with none of its own: "
            "a new account, or this one once they are deleted.",
            code="account_not_empty",
        ) from exc
    except InvalidDocument as exc:
        raise Problem(
            422,
            "The document cannot be imported: `errors` names each problem by its path. Nothing was imported.",
            errors=exc.errors,
        ) from exc
    except UidsTaken as exc:
        raise Problem(
            409,
            "Another account imported this document at the same moment, so nothing was imported. Send it again: "
            "the meetings and follow-ups it shares with that account then get new calendar UIDs.",
            code="import_conflict",
        ) from exc
    db.session.commit()
    return counts, 201
