"""The pages a reminder email's links open: "stop these emails", for people rather than programs.

``GET /email/unsubscribe/<token>`` shows one button and changes nothing (mail scanners open links);
its ``POST`` (the button, or a mail app's one-click unsubscribe, RFC 8058) turns reminder emails off.
"""

from __future__ import annotations

import html

from flask import Blueprint, current_app, request

from service.database import db
from service.models import NotificationSettings, User
from service.reminders import unsubscribed_user

blp = Blueprint("email_pages", __name__)

UNSUBSCRIBE = "/email/unsubscribe/<unsubscribe_token>"
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>coffeechat reminder emails</title>
<style>body{{font:1.05rem/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}}
button{{font:inherit;padding:.6rem 1.2rem}}</style></head>
<body><h1>coffeechat reminder emails</h1>{content}</body></html>
"""
NOT_OURS = "<p>This link is not one of this server's. Change your reminders in coffeechat's settings.</p>"


def _page(content: str, status: int = 200):
    response = current_app.response_class(PAGE.format(content=content), status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


def _unsubscribing_user(token: str) -> int | None:
    user_id = unsubscribed_user(token[:200], current_app.config["JWT_SECRET_KEY"])
    return user_id if user_id is not None and db.session.get(User, user_id) is not None else None


@blp.get(UNSUBSCRIBE)
def show_unsubscribe(unsubscribe_token: str):
    if _unsubscribing_user(unsubscribe_token) is None:
        return _page(NOT_OURS, 404)
    action = html.escape(request.path)
    return _page(
        f'<form method="post" action="{action}"><p>Stop reminders by email? Push reminders stay as they are.</p>'
        '<button type="submit">Stop reminder emails</button></form>'
    )


@blp.post(UNSUBSCRIBE)
def unsubscribe(unsubscribe_token: str):
    user_id = _unsubscribing_user(unsubscribe_token)
    if user_id is None:
        return _page(NOT_OURS, 404)
    settings = db.session.get(NotificationSettings, user_id)
    if settings is None:
        settings = NotificationSettings(user_id=user_id)
        db.session.add(settings)
    settings.email = False
    db.session.commit()
    return _page("<p>Reminder emails are off. Turn them on again in coffeechat's settings.</p>")
