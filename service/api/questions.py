"""Question banks and their questions: mine, and the built-in starter banks everyone reads."""

from __future__ import annotations

from flask import url_for
from flask.views import MethodView
from sqlalchemy import select

from service.auth import current_user
from service.errors import Problem
from service.extensions import db
from service.interview.linter import lint, lint_among
from service.models import Meeting, MeetingQuestion, Question, QuestionBank
from service.models.types import utcnow
from service.openapi import Blueprint
from service.ownership import apply_changes, get_owned_or_404, visible
from service.pagination import keyset_page
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
from service.search import contains_text

blp = Blueprint(
    "questions",
    __name__,
    url_prefix="/api/v1",
    description="Question banks, the questions in them, and the question linter.",
)

MAX_BANK_QUESTIONS = 500


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


def bank_texts(bank_id: int) -> list[str]:
    return list(db.session.scalars(select(Question.text).where(Question.bank_id == bank_id)))


def plan_texts(meeting_id: int) -> list[str]:
    return list(db.session.scalars(select(MeetingQuestion.text).where(MeetingQuestion.meeting_id == meeting_id)))


def with_warnings(question: Question) -> Question:
    lint_among([question], bank_texts(question.bank_id))
    return question


def check_room(bank: QuestionBank) -> None:
    """A 409 when the bank cannot take another question (bounded, so duplicates are checked cheaply)."""
    if bank.question_count >= MAX_BANK_QUESTIONS:
        raise Problem(
            409,
            f"A question bank holds at most {MAX_BANK_QUESTIONS} questions; start another bank.",
            code="bank_full",
        )


@blp.route("/question-banks")
class QuestionBanks(MethodView):
    @blp.login_required
    @blp.doc(operationId="listQuestionBanks")
    @blp.etag
    @blp.arguments(QuestionBankQuerySchema, location="query")
    @blp.response(200, QuestionBankPageSchema)
    def get(self, args):
        """List my question banks and the built-in starter banks, newest first."""
        stmt = visible(QuestionBank)
        if "builtin" in args:
            stmt = stmt.where(QuestionBank.user_id.is_(None) if args["builtin"] else QuestionBank.user_id.is_not(None))
        if "q" in args:
            stmt = stmt.where(contains_text((QuestionBank.name, QuestionBank.description), args["q"]))
        return keyset_page(stmt, QuestionBank, limit=args["limit"], cursor=args.get("cursor"))

    @blp.login_required
    @blp.doc(operationId="createQuestionBank")
    @blp.arguments(QuestionBankSchema)
    @blp.response(201, QuestionBankSchema)
    def post(self, data):
        """Start a question bank of my own."""
        bank = QuestionBank(user_id=current_user.id, **data)
        db.session.add(bank)
        db.session.commit()
        return bank, 201, {"Location": url_for("questions.QuestionBank", bank_id=bank.id)}


@blp.route("/question-banks/<int:bank_id>", endpoint="QuestionBank")
class QuestionBankItem(MethodView):
    @blp.login_required
    @blp.doc(operationId="getQuestionBank")
    @blp.etag
    @blp.response(200, QuestionBankSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, bank_id):
        """One question bank, mine or built in."""
        return get_owned_or_404(QuestionBank, bank_id, shared=True)

    @blp.login_required
    @blp.doc(operationId="updateQuestionBank")
    @blp.etag
    @blp.arguments(QuestionBankSchema(partial=True))
    @blp.response(200, QuestionBankSchema)
    @blp.alt_response(403, response="FORBIDDEN", description="A built-in bank is read-only.")
    @blp.alt_response(404, response="NOT_FOUND")
    def patch(self, data, bank_id):
        """Rename or describe one of my banks."""
        bank = get_editable_or_404(QuestionBank, bank_id)
        blp.check_etag(bank, QuestionBankSchema)
        apply_changes(bank, data)
        db.session.commit()
        return bank

    @blp.login_required
    @blp.doc(operationId="deleteQuestionBank")
    @blp.etag
    @blp.response(204)
    @blp.alt_response(403, response="FORBIDDEN", description="A built-in bank is read-only.")
    @blp.alt_response(404, response="NOT_FOUND")
    def delete(self, bank_id):
        """Delete one of my banks and its questions; meeting plans keep their copies of the text."""
        bank = get_editable_or_404(QuestionBank, bank_id)
        blp.check_etag(bank, QuestionBankSchema)
        db.session.delete(bank)
        db.session.commit()


@blp.route("/question-banks/<int:bank_id>/copy", methods=["POST"])
@blp.login_required
@blp.doc(operationId="copyQuestionBank")
@blp.arguments(QuestionBankCopySchema)
@blp.response(201, QuestionBankSchema)
@blp.alt_response(404, response="NOT_FOUND")
def copy_question_bank(data, bank_id):
    """Copy a bank (a starter bank, or one of mine) into a new bank of mine that I can change."""
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
    return copy, 201, {"Location": url_for("questions.QuestionBank", bank_id=copy.id)}


@blp.route("/question-banks/<int:bank_id>/questions")
class BankQuestions(MethodView):
    @blp.login_required
    @blp.doc(operationId="listBankQuestions")
    @blp.etag
    @blp.arguments(QuestionQuerySchema, location="query")
    @blp.response(200, QuestionPageSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, args, bank_id):
        """List the questions of a bank, in the order they were added, each with its linter warnings."""
        bank = get_owned_or_404(QuestionBank, bank_id, shared=True)
        stmt = select(Question).where(Question.bank_id == bank.id)
        if "category" in args:
            stmt = stmt.where(Question.category == args["category"])
        page = keyset_page(stmt, Question, limit=args["limit"], cursor=args.get("cursor"), descending=False)
        lint_among(page["items"], bank_texts(bank.id))
        return page

    @blp.login_required
    @blp.doc(operationId="createBankQuestion")
    @blp.arguments(QuestionSchema)
    @blp.response(201, QuestionSchema)
    @blp.alt_response(403, response="FORBIDDEN", description="A built-in bank is read-only.")
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT", description="The bank is full.")
    def post(self, data, bank_id):
        """Add a question to one of my banks; the answer carries the linter's warnings."""
        bank = get_editable_or_404(QuestionBank, bank_id)
        check_room(bank)
        question = Question(bank_id=bank.id, user_id=current_user.id, **data)
        db.session.add(question)
        bank.updated_at = utcnow()  # its question list changed
        db.session.commit()
        return with_warnings(question), 201, {"Location": url_for("questions.Question", question_id=question.id)}


@blp.route("/questions/<int:question_id>", endpoint="Question")
class QuestionItem(MethodView):
    @blp.login_required
    @blp.doc(operationId="getQuestion")
    @blp.etag
    @blp.response(200, QuestionSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, question_id):
        """One question, with its linter warnings."""
        return with_warnings(get_owned_or_404(Question, question_id, shared=True))

    @blp.login_required
    @blp.doc(operationId="updateQuestion")
    @blp.etag
    @blp.arguments(QuestionSchema(partial=True))
    @blp.response(200, QuestionSchema)
    @blp.alt_response(403, response="FORBIDDEN", description="A built-in question is read-only.")
    @blp.alt_response(404, response="NOT_FOUND")
    def patch(self, data, question_id):
        """Change a question of mine; meeting plans that copied it keep their text."""
        question = get_editable_or_404(Question, question_id)
        blp.check_etag(with_warnings(question), QuestionSchema)
        apply_changes(question, data)
        db.session.commit()
        return with_warnings(question)

    @blp.login_required
    @blp.doc(operationId="deleteQuestion")
    @blp.etag
    @blp.response(204)
    @blp.alt_response(403, response="FORBIDDEN", description="A built-in question is read-only.")
    @blp.alt_response(404, response="NOT_FOUND")
    def delete(self, question_id):
        """Delete a question of mine; meeting plans that copied it keep their text."""
        question = get_editable_or_404(Question, question_id)
        blp.check_etag(with_warnings(question), QuestionSchema)
        db.session.delete(question)
        db.session.commit()


@blp.route("/questions/lint", methods=["POST"])
@blp.login_required
@blp.doc(operationId="lintQuestion")
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
