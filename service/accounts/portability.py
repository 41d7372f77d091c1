"""My whole account as one document, and that document restored into an empty account.

The document (``service.schemas.account_data.AccountDataSchema``) holds my rows as the API
shows them, each kind in id order, referring to one another by the ids they had when exported.
The built-in starter banks belong to no account: a bank copied from one, or a planned question
copied from one, names it by its id on the server, where every account shares it.

A restore checks the whole document before it writes anything, then writes each kind of row
with one bulk statement, mapping the exported ids to the new rows' ids. Meetings and
follow-ups keep their calendar UIDs unless another row on the server has them (the document
was exported from this server): a move to another server keeps calendar apps updating the
same events, a copy on the same server makes new ones.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from service.database import db
from service.interview.plan import MAX_BANK_QUESTIONS, MAX_PLANNED
from service.interview.status import transition_problem
from service.models import (
    Contact,
    ContactTag,
    FollowUp,
    Goal,
    Meeting,
    MeetingQuestion,
    Outcome,
    Question,
    QuestionBank,
    User,
    lock_owner,
    meeting_goals,
)
from service.models.contact import REFERRAL_LOOP
from service.models.mixins import new_uid
from service.models.types import utcnow

FORMAT = "coffeechat.export"
VERSION = 1

# The kinds of rows, in the document's order, with what a person calls one.
KINDS = {
    "contacts": "contact",
    "goals": "goal",
    "question_banks": "question bank",
    "questions": "question",
    "meetings": "meeting",
    "meeting_questions": "planned question",
    "outcomes": "outcome",
    "follow_ups": "follow-up",
}
# What makes an account not empty, and the table that says so.
CONTENTS = {
    "contacts": Contact,
    "goals": Goal,
    "meetings": Meeting,
    "follow_ups": FollowUp,
    "question_banks": QuestionBank,
}
PROFILE_FIELDS = ("name", "timezone", "reminder_minutes")
CHUNK = 1000  # values in one IN (...) list


class AccountNotEmpty(Exception):
    """The account already holds rows of its own; ``contents`` counts them by kind."""

    def __init__(self, contents: dict[str, int]):
        super().__init__(contents)
        self.contents = contents

    def in_words(self) -> str:
        """``{"contacts": 2, "goals": 1}`` -> "2 contacts and 1 goal"."""
        counted = [f"{count} {KINDS[kind]}{'' if count == 1 else 's'}" for kind, count in self.contents.items()]
        return counted[0] if len(counted) == 1 else ", ".join(counted[:-1]) + " and " + counted[-1]


class InvalidDocument(Exception):
    """The document cannot be restored; ``errors`` maps dotted paths (``contacts.3.referred_by_id``) to messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


class UidsTaken(Exception):
    """Another import took some of the document's calendar UIDs while this one ran; nothing was written."""


# --- export -------------------------------------------------------------------------------


def _mine(model, user: User, *options) -> list:
    stmt = select(model).where(model.user_id == user.id).order_by(model.id).options(*options)
    return list(db.session.scalars(stmt).unique())


def export_account(user: User) -> dict:
    """Everything ``user`` owns, as ``AccountDataSchema`` dumps it; one query per kind of row."""
    banks = _mine(QuestionBank, user)
    questions = _mine(Question, user)
    plan = _mine(MeetingQuestion, user)
    # A copy or a planned question names a bank or question of mine, or a built-in one.
    my_banks = {bank.id for bank in banks}
    for bank in banks:
        mine = bank.copied_from_id in my_banks
        bank.document_copied_from_id = bank.copied_from_id if mine else None
        bank.copied_from_builtin_id = None if mine else bank.copied_from_id
    my_questions = {question.id for question in questions}
    for item in plan:
        mine = item.question_id in my_questions
        item.document_question_id = item.question_id if mine else None
        item.builtin_question_id = None if mine else item.question_id
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": utcnow(),
        "profile": user,
        "contacts": _mine(Contact, user, joinedload(Contact._tags)),
        "goals": _mine(Goal, user),
        "question_banks": banks,
        "questions": questions,
        "meetings": _mine(Meeting, user, joinedload(Meeting.goals)),
        "meeting_questions": plan,
        "outcomes": _mine(Outcome, user),
        "follow_ups": _mine(FollowUp, user),
    }


# --- import -------------------------------------------------------------------------------


def account_contents(user_id: int) -> dict[str, int]:
    """What ``user_id`` already owns that an import would mix with, counted by kind (empty kinds left out)."""
    counts = db.session.execute(
        select(
            *(
                select(func.count()).select_from(model).where(model.user_id == user_id).scalar_subquery().label(kind)
                for kind, model in CONTENTS.items()
            )
        )
    ).one()
    return {kind: count for kind, count in counts._asdict().items() if count}


def import_account(user: User, document: dict) -> dict[str, int]:
    """Restore ``document`` (as ``AccountDataSchema`` loaded it) into ``user``'s empty account.

    All or nothing: raises ``AccountNotEmpty`` or ``InvalidDocument`` before writing anything,
    ``UidsTaken`` after rolling back. Answers the number of rows restored by kind, and of the
    meetings and follow-ups given a new calendar UID. The caller commits.
    """
    # One import at a time per account: two at once would both find it empty.
    lock_owner(user.id)
    contents = account_contents(user.id)
    if contents:
        raise AccountNotEmpty(contents)
    now = utcnow()
    errors = DocumentCheck(document, now).errors()
    if errors:
        raise InvalidDocument(errors)
    return Restore(user, document, now).run()


class DocumentCheck:
    """Every rule a document must follow beyond its schema: unique ids, references that resolve,
    the limits and rules the API enforces on each row."""

    def __init__(self, document: dict, now: datetime):
        self.document = document
        self.now = now
        self.found: dict[str, list[str]] = {}
        self.ids = {kind: self._index(kind) for kind in KINDS}

    def errors(self) -> dict[str, list[str]]:
        self._contacts()
        self._banks()
        self._questions()
        self._meetings()
        self._plans()
        self._outcomes()
        self._follow_ups()
        return dict(sorted(self.found.items(), key=lambda item: _path_key(item[0])))

    def add(self, path: str, message: str) -> None:
        self.found.setdefault(path, []).append(message)

    def _index(self, kind: str) -> dict[int, int]:
        """The position of each id in the list of ``kind``; a repeated id is an error."""
        positions: dict[int, int] = {}
        for index, row in enumerate(self.document[kind]):
            if row["id"] in positions:
                self.add(f"{kind}.{index}.id", f"{kind}.{positions[row['id']]} has id {row['id']} too.")
            else:
                positions[row["id"]] = index
        return positions

    def refer(self, path: str, value: int | None, kind: str) -> bool:
        """Whether ``value`` is null or names a row of ``kind`` in the document; an error at ``path`` otherwise."""
        if value is None or value in self.ids[kind]:
            return True
        self.add(path, f"No {KINDS[kind]} of the document has id {value}.")
        return False

    def rows(self, kind: str) -> Iterator[tuple[str, dict]]:
        for index, row in enumerate(self.document[kind]):
            yield f"{kind}.{index}", row

    def _contacts(self) -> None:
        for path, row in self.rows("contacts"):
            self.refer(f"{path}.referred_by_id", row["referred_by_id"], "contacts")
            self.refer(f"{path}.source_meeting_id", row["source_meeting_id"], "meetings")
        for index in _referral_loops(self.document["contacts"]):
            self.add(f"contacts.{index}.referred_by_id", REFERRAL_LOOP)

    def _banks(self) -> None:
        builtin = _builtin_ids(QuestionBank, (row["copied_from_builtin_id"] for row in self.document["question_banks"]))
        for path, row in self.rows("question_banks"):
            self.refer(f"{path}.copied_from_id", row["document_copied_from_id"], "question_banks")
            if row["copied_from_builtin_id"] not in builtin | {None}:
                self.add(f"{path}.copied_from_builtin_id", _no_builtin("question bank", row["copied_from_builtin_id"]))
            if row["document_copied_from_id"] is not None and row["copied_from_builtin_id"] is not None:
                self.add(f"{path}.copied_from_id", "Send copied_from_id or copied_from_builtin_id, not both.")

    def _questions(self) -> None:
        per_bank: Counter[int] = Counter()
        for path, row in self.rows("questions"):
            if self.refer(f"{path}.bank_id", row["bank_id"], "question_banks"):
                per_bank[row["bank_id"]] += 1
                if per_bank[row["bank_id"]] == MAX_BANK_QUESTIONS + 1:
                    self.add(f"{path}.bank_id", f"A question bank holds at most {MAX_BANK_QUESTIONS} questions.")

    def _meetings(self) -> None:
        uids: dict[object, int] = {}
        invite_uids: dict[object, int] = {}
        for index, (path, row) in enumerate(self.rows("meetings")):
            self.refer(f"{path}.contact_id", row["contact_id"], "contacts")
            for goal_id in row["goal_ids"]:
                self.refer(f"{path}.goal_ids", goal_id, "goals")
            problem = transition_problem(None, row["status"], row["starts_at"], self.now)
            if problem:
                self.add(f"{path}.status", problem)
            # An invitation is one meeting per UID, or per UID and occurrence (invite_recurrence_id).
            invite = (row["invite_uid"], row.get("invite_recurrence_id")) if row.get("invite_uid") else None
            for field, value, seen in (("uid", row.get("uid"), uids), ("invite_uid", invite, invite_uids)):
                if value is not None and seen.setdefault(value, index) != index:
                    self.add(f"{path}.{field}", f"meetings.{seen[value]} has this {field} too.")
        self._unique_uids("follow_ups")

    def _unique_uids(self, kind: str) -> None:
        seen: dict[str, int] = {}
        for index, (path, row) in enumerate(self.rows(kind)):
            uid = row.get("uid")
            if uid is not None and seen.setdefault(uid, index) != index:
                self.add(f"{path}.uid", f"{kind}.{seen[uid]} has this uid too.")

    def _plans(self) -> None:
        builtin = _builtin_ids(Question, (row["builtin_question_id"] for row in self.document["meeting_questions"]))
        per_meeting: Counter[int] = Counter()
        for path, row in self.rows("meeting_questions"):
            if self.refer(f"{path}.meeting_id", row["meeting_id"], "meetings"):
                per_meeting[row["meeting_id"]] += 1
                if per_meeting[row["meeting_id"]] == MAX_PLANNED + 1:
                    self.add(f"{path}.meeting_id", f"A meeting plan holds at most {MAX_PLANNED} questions.")
            self.refer(f"{path}.question_id", row["document_question_id"], "questions")
            if row["builtin_question_id"] not in builtin | {None}:
                self.add(f"{path}.builtin_question_id", _no_builtin("question", row["builtin_question_id"]))
            if row["document_question_id"] is not None and row["builtin_question_id"] is not None:
                self.add(f"{path}.question_id", "Send question_id or builtin_question_id, not both.")

    def _outcomes(self) -> None:
        for path, row in self.rows("outcomes"):
            self.refer(f"{path}.meeting_id", row["meeting_id"], "meetings")
            self.refer(f"{path}.goal_id", row["goal_id"], "goals")

    def _follow_ups(self) -> None:
        meetings = self.document["meetings"]
        for path, row in self.rows("follow_ups"):
            contact_found = self.refer(f"{path}.contact_id", row["contact_id"], "contacts")
            if self.refer(f"{path}.meeting_id", row["meeting_id"], "meetings") and contact_found:
                if row["meeting_id"] is None:
                    continue
                meeting_contact = meetings[self.ids["meetings"][row["meeting_id"]]]["contact_id"]
                if meeting_contact != row["contact_id"]:
                    self.add(
                        f"{path}.meeting_id",
                        f"Meeting {row['meeting_id']} is with contact {meeting_contact}, not {row['contact_id']}.",
                    )


def _path_key(path: str) -> tuple:
    """Sort paths in document order: ``contacts.2`` before ``contacts.10``, kinds as the document lists them."""
    kind, *rest = path.split(".")
    order = list(KINDS).index(kind) if kind in KINDS else -1
    index = int(rest[0]) if rest and rest[0].isdigit() else -1
    return (order, index, path)


def _no_builtin(noun: str, value: int) -> str:
    return f"No built-in {noun} has id {value} on this server."


def _chunks(values: Iterable, size: int = CHUNK) -> Iterator[list]:
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _builtin_ids(model, wanted: Iterable[int | None]) -> set[int]:
    """Those of the ``wanted`` ids that name built-in (shared) rows of ``model``."""
    found: set[int] = set()
    for chunk in _chunks({value for value in wanted if value is not None}):
        found.update(db.session.scalars(select(model.id).where(model.id.in_(chunk), model.user_id.is_(None))))
    return found


def _referral_loops(contacts: list[dict]) -> set[int]:
    """The positions of the contacts whose chain of introducers comes back to them."""
    referrer = {row["id"]: row["referred_by_id"] for row in contacts}
    looping: set[int] = set()
    done: set[int] = set()
    for start in referrer:
        chain: list[int] = []  # the introducers of start, walked until a known or missing one
        walked: set[int] = set()
        contact = start
        while contact in referrer and contact not in done and contact not in walked:
            chain.append(contact)
            walked.add(contact)
            contact = referrer[contact]
        if contact in walked:
            looping.update(chain[chain.index(contact) :])
        done.update(chain)
    return {index for index, row in enumerate(contacts) if row["id"] in looping}


# --- writing ----------------------------------------------------------------------------


class Restore:
    """Writes a checked document into an empty account: each kind of row in one bulk statement,
    in document id order, remembering the new id of each exported id."""

    def __init__(self, user: User, document: dict, now: datetime):
        self.user = user
        self.document = document
        self.now = now
        self.ids: dict[str, dict[int, int]] = {}  # kind -> exported id -> new id
        self.renewed_uids = 0

    def run(self) -> dict[str, int]:
        self.profile()
        self.contacts()
        self.goals()
        self.banks()
        self.questions()
        self.meetings()
        self.referrals()
        self.plans()
        self.outcomes()
        self.follow_ups()
        return {**{kind: len(self.document[kind]) for kind in KINDS}, "renewed_uids": self.renewed_uids}

    def rows(self, kind: str) -> list[dict]:
        return sorted(self.document[kind], key=lambda row: row["id"])

    def columns(self, model, row: dict, **values) -> dict:
        """A new row of ``model`` of mine: each column from the document's ``row``, then ``values``.

        Every row gets every column, so that a kind of row goes in one statement; the timestamps
        are the document's, or the time of the import.
        """
        columns = {column.key: _value(column, row) for column in model.__table__.columns if column.key != "id"}
        columns["created_at"] = row.get("created_at") or self.now
        columns["updated_at"] = self.updated_at(row)
        return {**columns, "user_id": self.user.id, **values}

    def updated_at(self, row: dict) -> datetime:
        return row.get("updated_at") or self.now

    def insert(self, kind: str, model, rows: list[dict], values: list[dict]) -> None:
        """Insert ``values``, the new rows for the document's ``rows`` of ``kind``, and note their ids.

        One executemany, not a statement per row: the ids are read back as my rows of ``model``
        in id order, which is the order they went in (the account had none, and its lock keeps
        my other requests out). RETURNING cannot say which id is whose on SQLite but a row at a time.
        """
        new_ids: list[int] = []
        if values:
            db.session.execute(insert(model), values)
            new_ids = list(db.session.scalars(select(model.id).where(model.user_id == self.user.id).order_by(model.id)))
        self.ids[kind] = dict(zip((row["id"] for row in rows), new_ids, strict=True))

    def uids(self, model, rows: list[dict]) -> Callable[[str | None], str]:
        """The calendar UID each restored row of ``model`` gets: the document's, unless taken on this server."""
        taken = _taken_uids(model, (row.get("uid") for row in rows))

        def uid(exported: str | None) -> str:
            if exported is not None and exported not in taken:
                return exported
            if exported is not None:
                self.renewed_uids += 1
            return new_uid()

        return uid

    def profile(self) -> None:
        profile = self.document.get("profile") or {}
        for field in PROFILE_FIELDS:
            if field in profile:
                setattr(self.user, field, profile[field])

    def contacts(self) -> None:
        rows = self.rows("contacts")
        # Who introduced them, and at which meeting, once those rows have their ids (referrals()).
        values = [self.columns(Contact, row, referred_by_id=None, source_meeting_id=None) for row in rows]
        self.insert("contacts", Contact, rows, values)
        tags = [
            {"contact_id": self.ids["contacts"][row["id"]], "position": position, "tag": tag}
            for row in rows
            for position, tag in enumerate(row["tags"])
        ]
        if tags:
            db.session.execute(insert(ContactTag), tags)

    def goals(self) -> None:
        rows = self.rows("goals")
        values = [self.columns(Goal, row, achieved_at=_achieved_at(row, self.now)) for row in rows]
        self.insert("goals", Goal, rows, values)

    def banks(self) -> None:
        rows = self.rows("question_banks")
        values = [self.columns(QuestionBank, row, copied_from_id=row["copied_from_builtin_id"]) for row in rows]
        self.insert("question_banks", QuestionBank, rows, values)
        new = self.ids["question_banks"]
        copies = [
            {
                "id": new[row["id"]],
                "copied_from_id": new[row["document_copied_from_id"]],
                "updated_at": self.updated_at(row),
            }
            for row in rows
            if row["document_copied_from_id"] is not None
        ]
        if copies:
            db.session.execute(update(QuestionBank), copies)

    def questions(self) -> None:
        rows = self.rows("questions")
        values = [self.columns(Question, row, bank_id=self.ids["question_banks"][row["bank_id"]]) for row in rows]
        self.insert("questions", Question, rows, values)

    def meetings(self) -> None:
        rows = self.rows("meetings")
        names = {row["id"]: row["name"] for row in self.document["contacts"]}
        uid = self.uids(Meeting, rows)
        values = [
            self.columns(
                Meeting,
                row,
                contact_id=self.ids["contacts"][row["contact_id"]],
                # The defaults of a new meeting, as the API gives them.
                title=row.get("title") or f"Coffee chat with {names[row['contact_id']]}"[:200],
                timezone=row.get("timezone") or self.user.timezone,
                completed_at=_stamp_for(row, "completed", "completed_at", self.now),
                cancelled_at=_stamp_for(row, "cancelled", "cancelled_at", self.now),
                uid=uid(row.get("uid")),
            )
            for row in rows
        ]
        with _uids_raced():
            self.insert("meetings", Meeting, rows, values)
        links = [
            {"meeting_id": self.ids["meetings"][row["id"]], "goal_id": self.ids["goals"][goal_id]}
            for row in rows
            for goal_id in dict.fromkeys(row["goal_ids"])
        ]
        if links:
            db.session.execute(meeting_goals.insert(), links)

    def referrals(self) -> None:
        """Contacts refer to one another and to meetings, which refer to contacts: those links come last."""
        contacts, meetings = self.ids["contacts"], self.ids["meetings"]
        links = [
            {
                "id": contacts[row["id"]],
                "referred_by_id": contacts.get(row["referred_by_id"]),
                "source_meeting_id": meetings.get(row["source_meeting_id"]),
                "updated_at": self.updated_at(row),
            }
            for row in self.rows("contacts")
            if row["referred_by_id"] is not None or row["source_meeting_id"] is not None
        ]
        if links:
            db.session.execute(update(Contact), links)

    def plans(self) -> None:
        positions = _plan_positions(self.document["meeting_questions"])
        values = [
            self.columns(
                MeetingQuestion,
                row,
                meeting_id=self.ids["meetings"][row["meeting_id"]],
                question_id=self.ids["questions"].get(row["document_question_id"]) or row["builtin_question_id"],
                position=positions[row["id"]],
            )
            for row in self.rows("meeting_questions")
        ]
        if values:
            db.session.execute(insert(MeetingQuestion), values)

    def outcomes(self) -> None:
        values = [
            self.columns(
                Outcome,
                row,
                meeting_id=self.ids["meetings"][row["meeting_id"]],
                goal_id=self.ids["goals"][row["goal_id"]],
            )
            for row in self.rows("outcomes")
        ]
        if values:
            db.session.execute(insert(Outcome), values)

    def follow_ups(self) -> None:
        rows = self.rows("follow_ups")
        uid = self.uids(FollowUp, rows)
        values = [
            self.columns(
                FollowUp,
                row,
                contact_id=self.ids["contacts"][row["contact_id"]],
                meeting_id=self.ids["meetings"].get(row["meeting_id"]),
                uid=uid(row.get("uid")),
            )
            for row in rows
        ]
        if values:
            with _uids_raced():
                db.session.execute(insert(FollowUp), values)


@contextmanager
def _uids_raced() -> Iterator[None]:
    """Turn the unique index's refusal of a calendar UID, which another import took after it was
    found free, into ``UidsTaken``, with nothing written."""
    try:
        yield
    except IntegrityError as exc:
        db.session.rollback()
        raise UidsTaken from exc


def _value(column, row: dict):
    """The document's value for ``column``, or the column's own default when the row leaves it out."""
    if column.key in row:
        return row[column.key]
    default = column.default
    return default.arg if default is not None and default.is_scalar else None


def _taken_uids(model, uids: Iterable[str | None]) -> set[str]:
    taken: set[str] = set()
    for chunk in _chunks(uid for uid in uids if uid is not None):
        taken.update(db.session.scalars(select(model.uid).where(model.uid.in_(chunk))))
    return taken


def _plan_positions(items: list[dict]) -> dict[int, int]:
    """Each planned question's position, numbered 1, 2, 3... within its meeting in the order the document gives."""
    positions: dict[int, int] = {}
    counts: Counter[int] = Counter()
    for item in sorted(items, key=lambda row: (row["position"], row["id"])):
        counts[item["meeting_id"]] += 1
        positions[item["id"]] = counts[item["meeting_id"]]
    return positions


def _achieved_at(goal: dict, now: datetime) -> datetime | None:
    """As the API keeps it: set while the goal is achieved, and only then."""
    if goal["status"] != "achieved":
        return None
    return goal.get("achieved_at") or now


def _stamp_for(meeting: dict, status: str, field: str, now: datetime) -> datetime | None:
    """``completed_at`` or ``cancelled_at``: the document's, or now for a meeting in that status without one.

    ``completed_at`` stays once set (the thank-you was owed then); ``cancelled_at`` only while cancelled.
    """
    if status == "cancelled" and meeting["status"] != "cancelled":
        return None
    if meeting["status"] == status:
        return meeting.get(field) or now
    return meeting.get(field)
