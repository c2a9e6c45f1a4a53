"""The event envelope of docs/events.md as a Pact body: its shape, not its example values."""

from typing import Any

from pact import match
from payments.settings import Settings

EVENT_ID = "6f1c2a9e-0c1b-4e43-9d51-2b7f6f0f5a10"
OCCURRED_AT = "2026-11-25T19:31:46.123456Z"
ISO_8601_UTC = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|\+00:00)$"


def envelope(event_type: str, data: dict[str, Any]) -> dict[str, Any]:
    """Any event id and time; exactly this type (it is also the routing key); `data` as given."""
    return {
        "id": match.uuid(EVENT_ID),
        "type": event_type,
        "occurred_at": match.regex(OCCURRED_AT, regex=ISO_8601_UTC),
        "data": data,
    }


def amqp_metadata(event_type: str) -> dict[str, str]:
    """Where the consumer expects the event: the exchange it binds to, by the event type.

    The exchange is this service's own default, so a producer publishing elsewhere fails.
    """
    return {
        "exchange": Settings.model_fields["events_exchange"].default,
        "routing_key": event_type,
    }
