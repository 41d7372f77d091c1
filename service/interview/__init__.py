"""Domain rules of informational interviews.

``linter`` (what a well-prepared question avoids), ``readiness`` (is a meeting prepared?) and
``status`` (which status changes make sense) are plain Python, with no Flask and no database.
``plan`` applies them to rows: a meeting's plan and a bank's questions, their limits and order;
``follow_ups`` makes the thank-you a completed meeting owes.
"""
