"""The HTTP conventions every resource shares, written once: the web layer.

``api`` and ``blueprint`` (the OpenAPI document, the Blueprint every resource module uses),
``auth`` (who is calling; the JWT callbacks), ``ownership`` (my rows, someone else's are a 404),
``pagination`` (keyset pages), ``idempotency`` (safe retries), ``rate_limits``, ``compression``
and ``uploads``. It sits above the domain packages and below ``service.api``, the views.
"""
