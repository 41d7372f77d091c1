"""My meetings in calendars: iCalendar drawn and read, the subscription feed, invitations, the CalDAV push.

Plain Python, with no Flask and no database: ``ics`` draws iCalendar, ``invites`` reads the
invitations other apps send, ``caldav_client`` talks to a CalDAV collection. Over my rows:
``feed`` (my meetings and follow-ups as events, and the feed URL's token), ``invitation_import``
(invitations into meetings) and ``caldav_push`` (what is due in my linked calendar, pushed).
"""
