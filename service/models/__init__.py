"""The data model, and the rules that belong to its rows; importing it registers every table on the metadata.

Models import only the ground floor (``service.database``, ``service.errors``). Rules kept here are
those several resources share and that need nothing but rows: ``apply_changes`` (a PATCH that
changes nothing stamps nothing), ``Goal.set_status``, ``check_referral`` and ``lock_owner``.
"""

from service.models.access_token import AccessToken
from service.models.calendar import CaldavEvent, CaldavLink, CalendarFeed
from service.models.change import Change
from service.models.contact import Contact, ContactTag, check_referral, introducers_of
from service.models.email_token import EmailToken
from service.models.follow_up import FollowUp
from service.models.goal import Goal, Outcome, meeting_goals
from service.models.idempotency import IdempotencyKey
from service.models.meeting import Meeting, MeetingQuestion
from service.models.mixins import apply_changes, register_listeners
from service.models.notification import Notification, NotificationSettings, PushSubscription
from service.models.question import Question, QuestionBank
from service.models.session import LoginSession
from service.models.user import User, lock_owner
from service.models.webhook import WebhookDelivery, WebhookEndpoint, WebhookEvent

__all__ = [
    "AccessToken",
    "Change",
    "IdempotencyKey",
    "CalendarFeed",
    "CaldavEvent",
    "CaldavLink",
    "Contact",
    "EmailToken",
    "ContactTag",
    "FollowUp",
    "Goal",
    "LoginSession",
    "Meeting",
    "MeetingQuestion",
    "Notification",
    "NotificationSettings",
    "PushSubscription",
    "Outcome",
    "Question",
    "QuestionBank",
    "User",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEvent",
    "apply_changes",
    "check_referral",
    "introducers_of",
    "lock_owner",
    "meeting_goals",
    "register_listeners",
]
