"""The data model; importing this package registers every table on the metadata."""

from service.models.access_token import AccessToken
from service.models.calendar import CaldavEvent, CaldavLink, CalendarFeed
from service.models.change import Change
from service.models.contact import Contact, ContactTag
from service.models.follow_up import FollowUp
from service.models.goal import Goal, Outcome, meeting_goals
from service.models.idempotency import IdempotencyKey
from service.models.meeting import Meeting, MeetingQuestion
from service.models.question import Question, QuestionBank
from service.models.session import LoginSession
from service.models.user import User

__all__ = [
    "AccessToken",
    "Change",
    "IdempotencyKey",
    "CalendarFeed",
    "CaldavEvent",
    "CaldavLink",
    "Contact",
    "ContactTag",
    "FollowUp",
    "Goal",
    "LoginSession",
    "Meeting",
    "MeetingQuestion",
    "Outcome",
    "Question",
    "QuestionBank",
    "User",
    "meeting_goals",
]
