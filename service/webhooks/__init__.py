"""Webhooks: events of an account written to an outbox with the change they tell of (``events``),
delivered in order, signed and retried (``delivery``), to endpoints their owner manages (``endpoints``).

A domain package a floor above delta sync, whose change log is its source: it never imports the web layer,
and an event's payload is the object as delta sync shows it (``service.sync.shown``).
"""

from service.webhooks.delivery import Run, Settings, deliver_pending, endpoints_with_deliveries_due
from service.webhooks.events import record_events, register_listeners, take_endpoints_with_deliveries

__all__ = [
    "Run",
    "Settings",
    "deliver_pending",
    "endpoints_with_deliveries_due",
    "record_events",
    "register_listeners",
    "take_endpoints_with_deliveries",
]
