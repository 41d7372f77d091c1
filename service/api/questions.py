"""Question banks and their questions: mine, and the built-in starter banks everyone reads."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from service.database import contains_text, db
from service.errors import Problem
from service.interview.linter import lint
from service.interview.plan import (
    bank_texts,
    check_bank_room,
    plan_texts,
    question_with_warnings,
    questions_with_warnings,
)
from service.models import Meeting, Question, QuestionBank, apply_changes
from service.models.types import utcnow
from service.schemas.question import (
    LintRequestSchema,
    LintResultSchema,
    QuestionBankCopySchema,
    QuestionBankPageSchema,
    QuestionBankQuerySchema,
    QuestionBankSchema,
    QuestionPageSchema,
    QuestionQuerySchema,
    QuestionSchema,
)
from service.web.auth import current_user
from service.web.blueprint import Blueprint
from service.web.ownership import get_owned_or_404, visible
from service.web.pagination import keyset_page

blp = Blueprint(
    "questions",
    __name__,
    url_prefix="/api/v1",
    description="Question banks, the questions in them, and the question linter.",
)

BANKS = "/question-banks"
BANK = f"{BANKS}/<int:bank_id>"
QUESTION = "/questions/<int:question_id>"


def get_editable_or_404(model, object_id: int):
    """One of my banks or questions, locked for the change; built-in ones are read-only (403)."""
    obj = get_owned_or_404(model, object_id, for_update=True, shared=True)
    if obj.builtin:
        bank_id = obj.id if isinstance(obj, QuestionBank) else obj.bank_id
        raise Problem(
            403,
            f"Built-in question banks are read-only. Copy this one with POST /api/v1/question-banks/{bank_id}/copy "
            "and change the copy.",
            code="builtin_read_only",
        )
    return obj


@blp.get(BANKS)
@blp.login_required
@blp.etag
@blp.arguments(QuestionBankQuerySchema, location="query")
@blp.response(200, QuestionBankPageSchema)
def list_question_banks(args):
    """List my question banks and the built-in starter banks, newest first.

    Starter banks (`builtin: true`) are read-only for everyone: copy one with
    `POST /api/v1/question-banks/{bank_id}/copy` to change it. Other people's banks are never listed.
    """
    stmt = visible(QuestionBank)
    if "builtin" in args:
        stmt = stmt.where(QuestionBank.user_id.is_(None) if args["builtin"] else QuestionBank.user_id.is_not(None))
    if "q" in args:
        stmt = stmt.where(contains_text((QuestionBank.name, QuestionBank.description), args["q"]))
    return keyset_page(stmt, QuestionBank, limit=args["limit"], cursor=args.get("cursor"))


@blp.post(BANKS)
@blp.login_required
@blp.arguments(QuestionBankSchema)
@blp.response(201, QuestionBankSchema)
def create_question_bank(data):
    """Start a question bank of my own.

    It starts empty; add up to 500 questions with `POST /api/v1/question-banks/{bank_id}/questions`. To start
    from another bank's questions, copy that bank instead.
    """
    bank = QuestionBank(user_id=current_user.id, **data)
    db.session.add(bank)
    db.session.commit()
    return bank, 201, {"Location": url_for("questions.get_question_bank", bank_id=bank.id)}


@blp.get(BANK)
@blp.login_required
@blp.etag
@blp.response(200, QuestionBankSchema)
def get_question_bank(bank_id):
    """One question bank, mine or built in.

    `question_count` counts its questions. `copied_from_id` names the bank it was copied from, and becomes null
    if that bank is deleted.
    """
    return get_owned_or_404(QuestionBank, bank_id, shared=True)


@blp.patch(BANK)
@blp.login_required
@blp.etag
@blp.arguments(QuestionBankSchema(partial=True))
@blp.response(200, QuestionBankSchema)
@blp.alt_response(403, response="FORBIDDEN", description="A built-in bank is read-only.")
def update_question_bank(data, bank_id):
    """Rename or describe one of my banks.

    A built-in starter bank is read-only (403): copy it and change the copy. Meeting plans are not affected.
    """
    bank = get_editable_or_404(QuestionBank, bank_id)
    blp.check_etag(bank, QuestionBankSchema)
    apply_changes(bank, data)
    db.session.commit()
    return bank


@blp.delete(BANK)
@blp.login_required
@blp.etag
@blp.response(204)
@blp.alt_response(403, response="FORBIDDEN", description="A built-in bank is read-only.")
def delete_question_bank(bank_id):
    """Delete one of my banks and its questions; meeting plans keep their copies of the text.

    Planned questions copied from it keep their text, with `question_id` null; banks copied from it stay, with
    `copied_from_id` null. A built-in starter bank cannot be deleted (403). With `If-Match`, a stale ETag gives
    412 and nothing is deleted.
    """
    bank = get_editable_or_404(QuestionBank, bank_id)
    blp.check_etag(bank, QuestionBankSchema)
    db.session.delete(bank)
    db.session.commit()


@blp.route(f"{BANK}/copy", methods=["POST"])
@blp.login_required
@blp.arguments(QuestionBankCopySchema)
@blp.response(201, QuestionBankSchema)
def copy_question_bank(data, bank_id):
    """Copy a bank (a starter bank, or one of mine) into a new bank of mine that I can change.

    The copy gets the original's description and its own copy of every question (text, category, tags), in the
    original's order; `copied_from_id` names the original, and `name` is the original's unless sent. Later
    changes to either bank never reach the other.
    """
    original = get_owned_or_404(QuestionBank, bank_id, shared=True)
    copy = QuestionBank(
        user_id=current_user.id,
        name=data.get("name", original.name),
        description=original.description,
        copied_from_id=original.id,
    )
    db.session.add(copy)
    db.session.flush()
    originals = db.session.scalars(
        select(Question).where(Question.bank_id == original.id).order_by(Question.created_at, Question.id)
    )
    db.session.add_all(
        Question(bank_id=copy.id, user_id=current_user.id, text=q.text, category=q.category, tags=list(q.tags))
        for q in originals
    )
    db.session.commit()
    db.session.refresh(copy)  # question_count
    return copy, 201, {"Location": url_for("questions.get_question_bank", bank_id=copy.id)}


@blp.get(f"{BANK}/questions")
@blp.login_required
@blp.etag
@blp.arguments(QuestionQuerySchema, location="query")
@blp.response(200, QuestionPageSchema)
def list_bank_questions(args, bank_id):
    """List the questions of a bank, in the order they were added, each with its linter warnings.

    Works for starter banks too. A `duplicate` warning compares each question with the whole bank, not only this
    page; the other warnings judge it for an informational meeting.
    """
    bank = get_owned_or_404(QuestionBank, bank_id, shared=True)
    stmt = select(Question).where(Question.bank_id == bank.id)
    if "category" in args:
        stmt = stmt.where(Question.category == args["category"])
    page = keyset_page(stmt, Question, limit=args["limit"], cursor=args.get("cursor"), descending=False)
    questions_with_warnings(bank.id, page["items"])
    return page


@blp.post(f"{BANK}/questions")
@blp.login_required
@blp.arguments(QuestionSchema)
@blp.response(201, QuestionSchema)
@blp.alt_response(403, response="FORBIDDEN", description="A built-in bank is read-only.")
@blp.alt_response(409, response="CONFLICT", description="The bank is full.")
def create_bank_question(data, bank_id):
    """Add a question to one of my banks; the answer carries the linter's warnings.

    The warnings never refuse a question. A bank holds at most 500 questions (409 when full), and a built-in
    starter bank is read-only (403). Meeting plans do not change: plan the question with
    `POST /api/v1/meetings/{meeting_id}/questions` and its `question_id`.
    """
    bank = get_editable_or_404(QuestionBank, bank_id)
    check_bank_room(bank)
    question = Question(bank_id=bank.id, user_id=current_user.id, **data)
    db.session.add(question)
    bank.updated_at = utcnow()  # its question list changed
    db.session.commit()
    location = url_for("questions.get_question", question_id=question.id)
    return question_with_warnings(question), 201, {"Location": location}


@blp.get(QUESTION)
@blp.login_required
@blp.etag
@blp.response(200, QuestionSchema)
def get_question(question_id):
    """One question, with its linter warnings.

    `builtin` marks a starter-bank question: anyone can read it and plan it, nobody can change it. A `duplicate`
    warning compares it with the rest of its bank.
    """
    return question_with_warnings(get_owned_or_404(Question, question_id, shared=True))


@blp.patch(QUESTION)
@blp.login_required
@blp.etag
@blp.arguments(QuestionSchema(partial=True))
@blp.response(200, QuestionSchema)
@blp.alt_response(403, response="FORBIDDEN", description="A built-in question is read-only.")
def update_question(data, question_id):
    """Change a question of mine; meeting plans that copied it keep their text.

    A question stays in its bank, and sending `tags` replaces the list. A starter-bank question is read-only
    (403): copy its bank and change the copy. The answer carries the linter's warnings for the new text.
    """
    question = get_editable_or_404(Question, question_id)
    blp.check_etag(question_with_warnings(question), QuestionSchema)
    apply_changes(question, data)
    db.session.commit()
    return question_with_warnings(question)


@blp.delete(QUESTION)
@blp.login_required
@blp.etag
@blp.response(204)
@blp.alt_response(403, response="FORBIDDEN", description="A built-in question is read-only.")
def delete_question(question_id):
    """Delete a question of mine; meeting plans that copied it keep their text.

    Planned copies keep their text, with `question_id` null. A starter-bank question cannot be deleted (403).
    """
    question = get_editable_or_404(Question, question_id)
    blp.check_etag(question_with_warnings(question), QuestionSchema)
    db.session.delete(question)
    db.session.commit()


@blp.route("/questions/lint", methods=["POST"])
@blp.login_required
@blp.arguments(LintRequestSchema)
@blp.response(200, LintResultSchema)
@blp.alt_response(404, response="NOT_FOUND", description="No such bank or meeting of mine.")
def lint_question(data):
    """Lint a question as it is typed: what a well-prepared conversation would avoid.

    Flags `researchable` (a web search answers it), `closed` (yes/no), `job_request`
    (unless `purpose` is `job_search`), `self_pitch` (about me, not them), and `duplicate`
    of a question already in `bank_id` or planned for `meeting_id`.
    """
    others: list[str] = []
    purpose = data.get("purpose")
    if "bank_id" in data:
        others += bank_texts(get_owned_or_404(QuestionBank, data["bank_id"], shared=True).id)
    if "meeting_id" in data:
        meeting = get_owned_or_404(Meeting, data["meeting_id"])
        others += plan_texts(meeting.id)
        purpose = purpose or meeting.purpose
    return {"warnings": lint(data["text"], purpose=purpose, others=others)}
