"""Reminders: what needs doing, told by Web Push and email, each thing at most once (``telling``), at
the right hour of the person's own day (``timing``), through the two channels (``channels``).

A domain package a floor above webhooks (a follow-up come due is an event too): it never imports the
web layer.
"""

from service.reminders.channels import Mailer, application_server_key, email, generate_vapid_pem, vapid_from_pem
from service.reminders.telling import (
    Channels,
    plan,
    send,
    settings_of,
    unsubscribe_token,
    unsubscribed_user,
    users_with_reminders_due,
)

__all__ = [
    "Channels",
    "Mailer",
    "email",
    "application_server_key",
    "generate_vapid_pem",
    "plan",
    "send",
    "settings_of",
    "unsubscribe_token",
    "unsubscribed_user",
    "users_with_reminders_due",
    "vapid_from_pem",
]
