"""Calendar domain logic without Flask: iCalendar building, invite parsing, CalDAV push."""
