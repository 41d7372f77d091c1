"""The events an account's webhooks receive, written to the outbox in the transaction that makes them.

Delta sync numbers every change of a synced object just before the commit (``service.sync``); it then
hands the numbered changes to ``record_events``, still inside the transaction and under the owner's
lock. For owners with an active endpoint, each change becomes an event (created, updated, deleted, or
what its status change means: a meeting completed, a goal achieved...), its payload the object as its
GET shows it at that commit, and a delivery for every endpoint that receives its type. So an event is
written if and only if its change is committed, in the order the account's changes commit.

What a change means beyond created/updated/deleted is read off the ORM's history at each flush
(``_note_transitions``): a status that became ``completed``, a follow-up's ``done_at`` set, a
contact given an introducer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain

from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import Session

from service.database import commits_later
from service.models import Contact, FollowUp, Goal, Meeting, MeetingQuestion
from service.models.types import utcnow
from service.models.webhook import WebhookDelivery, WebhookEndpoint, WebhookEvent
from service.sync import Recorded, shown

_NOTES = "webhooks.transitions"
_QUEUED = "webhooks.endpoints_with_deliveries"


@dataclass
class Transitions:
    """What the flushes of a transaction changed beyond created/updated/deleted."""

    events: dict[tuple[str, int], list[str]]  # (kind, id) -> event types, in the order they happened
    meetings_of_questions: dict[int, int]  # a planned question's id -> its meeting's


def _transitions(session: Session) -> Transitions:
    return session.info.setdefault(_NOTES, Transitions(defaultdict(list), {}))


def _became(obj, attribute: str) -> tuple[bool, object]:
    """Whether ``attribute`` changed in this flush, and its new value."""
    history = inspect(obj).attrs[attribute].history
    return bool(history.added) and history.added != history.deleted, getattr(obj, attribute)


def _note_transitions(session: Session, _context) -> None:
    notes = _transitions(session)
    for obj in chain(session.new, session.dirty):
        if isinstance(obj, Meeting):
            changed, status = _became(obj, "status")
            if changed and status in ("completed", "cancelled") and obj not in session.new:
                notes.events[("meetings", obj.id)].append(f"meeting.{status}")
        elif isinstance(obj, Goal):
            changed, status = _became(obj, "status")
            if changed and status == "achieved":
                notes.events[("goals", obj.id)].append("goal.achieved")
        elif isinstance(obj, FollowUp):
            changed, done_at = _became(obj, "done_at")
            if changed and done_at is not None and obj not in session.new:
                notes.events[("follow_ups", obj.id)].append("follow_up.done")
        elif isinstance(obj, Contact):
            changed, introducer = _became(obj, "referred_by_id")
            if changed and introducer is not None:
                notes.events[("contacts", obj.id)].append("referral.created")
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, MeetingQuestion) and obj.meeting_id is not None:
            notes.meetings_of_questions[obj.id] = obj.meeting_id


def _forget(session: Session, transaction) -> None:
    # Kept while the transaction's owner has yet to commit: it hands the notes on once it has.
    if transaction.parent is None and not commits_later(session):
        session.info.pop(_NOTES, None)
        session.info.pop(_QUEUED, None)


# --- at commit: the events, their payloads and deliveries ----------------------------------------

# Events of one transaction go out in this order of kinds (a meeting completed before the thank-you
# follow-up it made), and by id within a kind.
_KIND_ORDER = ("contacts", "meetings", "outcomes", "goals", "follow_ups")


def record_events(session: Session, recorded: list[Recorded]) -> None:
    """Write the events of ``recorded`` (this transaction's numbered changes) for owners with an active
    endpoint, and a delivery to each endpoint that receives them (called by delta sync before the commit)."""
    notes = session.info.pop(_NOTES, None) or Transitions(defaultdict(list), {})
    connection = session.connection()
    endpoints = _active_endpoints(session, {change.user_id for change in recorded})
    if not endpoints:
        return  # most accounts have no webhook: one look-up, nothing more
    changes = [change for change in recorded if change.user_id in endpoints]
    planned = _events_of(connection, changes, notes)
    if not planned:
        return
    now = utcnow()
    data = _payloads(planned)
    rows = [
        {
            "user_id": user_id,
            "type": event_type,
            "payload": {"type": event_type, "timestamp": now.isoformat(), "data": data[(kind, object_id)]},
            "created_at": now,
        }
        for user_id, event_type, kind, object_id in planned
    ]
    write_events(session, rows, endpoints)


def _active_endpoints(session: Session, owners: set[int]) -> dict[int, list[WebhookEndpoint]]:
    endpoints: dict[int, list[WebhookEndpoint]] = defaultdict(list)
    for endpoint in session.scalars(
        select(WebhookEndpoint).where(WebhookEndpoint.user_id.in_(sorted(owners)), WebhookEndpoint.active)
    ):
        endpoints[endpoint.user_id].append(endpoint)
    return endpoints


def write_owners_events(session: Session, rows: list[dict]) -> None:
    """Write events that no change of a synced object makes (a follow-up come due) for their owners'
    active endpoints; nothing for owners without one."""
    endpoints = _active_endpoints(session, {row["user_id"] for row in rows})
    rows = [row for row in rows if row["user_id"] in endpoints]
    if rows:
        write_events(session, rows, endpoints)


def write_events(session: Session, rows: list[dict], endpoints: dict[int, list[WebhookEndpoint]]) -> None:
    """Insert events (``rows``) and a delivery of each to every endpoint of its owner that receives its type."""
    connection = session.connection()
    ids = connection.scalars(insert(WebhookEvent).returning(WebhookEvent.id, sort_by_parameter_order=True), rows).all()
    deliveries = [
        {
            "endpoint_id": endpoint.id,
            "event_id": event_id,
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": row["created_at"],
            "created_at": row["created_at"],
        }
        for row, event_id in zip(rows, ids, strict=True)
        for endpoint in endpoints[row["user_id"]]
        if endpoint.receives(row["type"])
    ]
    if deliveries:
        connection.execute(insert(WebhookDelivery), deliveries)
        note_deliveries(session, {delivery["endpoint_id"] for delivery in deliveries})


def note_deliveries(session: Session, endpoint_ids: set[int]) -> None:
    """The transaction gives these endpoints deliveries: the worker is told once it commits."""
    session.info.setdefault(_QUEUED, set()).update(endpoint_ids)


def _events_of(connection, changes: list[Recorded], notes: Transitions) -> list[tuple[int, str, str, int]]:
    """(owner, event type, kind shown, object id) for each change that makes an event, in delivery order."""
    planned: list[tuple[int, str, str, int]] = []
    meetings_told: set[int] = set()
    by_kind: dict[str, list[Recorded]] = defaultdict(list)
    for change in changes:
        by_kind[change.kind].append(change)
    for kind in _KIND_ORDER:
        for change in sorted(by_kind[kind], key=lambda change: change.object_id):
            key = (kind, change.object_id)
            told = notes.events.get(key, [])
            for event_type in _base_events(change, told):
                planned.append((change.user_id, event_type, kind, change.object_id))
            if kind == "meetings":
                meetings_told.add(change.object_id)
    # A planned question's change is a change of its meeting, told once.
    questions = by_kind["meeting_questions"]
    unknown = sorted(change.object_id for change in questions if change.object_id not in notes.meetings_of_questions)
    found = {}
    if unknown:
        stmt = select(MeetingQuestion.id, MeetingQuestion.meeting_id).where(MeetingQuestion.id.in_(unknown))
        found = dict(connection.execute(stmt).all())
    for change in sorted(questions, key=lambda change: change.object_id):
        meeting_id = notes.meetings_of_questions.get(change.object_id) or found.get(change.object_id)
        if meeting_id is not None and meeting_id not in meetings_told:
            meetings_told.add(meeting_id)
            planned.append((change.user_id, "meeting.updated", "meetings", meeting_id))
    return planned


def _base_events(change: Recorded, told: list[str]) -> Iterable[str]:
    """The event types one numbered change makes, with what its flushes told of it."""
    kind = change.kind
    if kind in ("contacts", "meetings"):
        noun = kind[:-1]
        if change.deleted:
            yield f"{noun}.deleted"
            return
        status = [event_type for event_type in told if event_type.startswith("meeting.")]
        yield f"{noun}.created" if change.created else (status[-1] if status else f"{noun}.updated")
        if "referral.created" in told:
            yield "referral.created"
    elif change.deleted:
        return
    elif kind == "follow_ups":
        if change.created:
            yield "follow_up.created"
        if "follow_up.done" in told:
            yield "follow_up.done"
    elif kind == "goals" and "goal.achieved" in told:
        yield "goal.achieved"
    elif kind == "outcomes" and change.created:
        yield "outcome.recorded"


def _payloads(planned: list[tuple[int, str, str, int]]) -> dict[tuple[str, int], dict]:
    """Each object of ``planned`` as its GET shows it now; a deleted one as ``{"id": ...}``."""
    wanted: dict[tuple[str, int], set[int]] = defaultdict(set)
    for user_id, event_type, kind, object_id in planned:
        if not event_type.endswith(".deleted"):
            wanted[(kind, user_id)].add(object_id)
    payloads: dict[tuple[str, int], dict] = {}
    for (kind, user_id), object_ids in wanted.items():
        for object_id, data in shown(kind, sorted(object_ids), user_id).items():
            payloads[(kind, object_id)] = data
    for _user_id, _event_type, kind, object_id in planned:
        payloads.setdefault((kind, object_id), {"id": object_id})
    return payloads


def take_endpoints_with_deliveries(session: Session) -> set[int]:
    """The endpoints the transaction just committed gave deliveries (each told once)."""
    return session.info.pop(_QUEUED, set())


def register_listeners() -> None:
    """Note, at every flush, what the changes mean for webhooks (called by ``create_app``; idempotent)."""
    for name, listener in (("after_flush", _note_transitions), ("after_transaction_end", _forget)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
