"""The event envelope of docs/events.md as a Pact body: its shape, not its example values.

Needs pact-python: install the kit as ``testkit[pact]`` (the services' ``contract`` groups do).
"""

from typing import Any

from pact import match

EVENT_ID = "6f1c2a9e-0c1b-4e43-9d51-2b7f6f0f5a10"
OCCURRED_AT = "2026-11-25T19:31:46.123456Z"
ISO_8601_UTC = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|\+00:00)$"


def envelope(event_type: str, data: dict[str, Any]) -> dict[str, Any]:
    """An envelope with any event id and UTC time, exactly this type, and `data` as given.

    Args:
        event_type: e.g. ``"order.cancelled"``; it is also the routing key.
        data: The event's payload, matchers allowed.

    Returns:
        A body for ``Pact.upon_receiving(..., "Async").with_body(...)``.
    """
    return {
        "id": match.uuid(EVENT_ID),
        "type": event_type,
        "occurred_at": match.regex(OCCURRED_AT, regex=ISO_8601_UTC),
        "data": data,
    }


def amqp_metadata(event_type: str, *, exchange: str) -> dict[str, str]:
    """Where the consumer expects the event: the exchange it binds to, by the event type.

    Args:
        event_type: The routing key, the event's type.
        exchange: The consumer's own default exchange (from its settings), so that a producer
            publishing elsewhere fails verification.
    """
    return {"exchange": exchange, "routing_key": event_type}
