"""Matchers the consumers' pacts share: the event envelope of docs/events.md and where it goes,
a bearer token, a path holding an id the provider makes, an error's problem document. Shapes,
not example values.

Needs pact-python: install the kit as ``testkit[pact]`` (the services' ``contract`` groups do).
"""

import re
from typing import Any

from pact import generate, match
from pact.match.matcher import AbstractMatcher, GenericMatcher

from chassis.errors import PROBLEM_JSON as PROBLEM_JSON  # re-exported for the pacts
from chassis.messaging.envelope import MAJOR, VERSION

EVENT_ID = "6f1c2a9e-0c1b-4e43-9d51-2b7f6f0f5a10"
OCCURRED_AT = "2026-11-25T19:31:46.123456Z"
ISO_8601_UTC = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|\+00:00)$"
UUID = r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}"
# Any minor of the major the consumer's chassis reads: later minors only add fields.
READ_VERSIONS = rf"^{MAJOR}\.[0-9]+$"


def envelope(event_type: str, data: dict[str, Any]) -> dict[str, Any]:
    """An envelope with any event id, UTC time and readable version, this type, and `data`.

    Args:
        event_type: e.g. ``"order.cancelled"``; it is also the routing key.
        data: The event's payload, matchers allowed.

    Returns:
        A body for ``Pact.upon_receiving(..., "Async").with_body(...)``.
    """
    return {
        "id": match.uuid(EVENT_ID),
        "type": event_type,
        "version": match.regex(VERSION, regex=READ_VERSIONS),
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


def bearer(token: str) -> AbstractMatcher[str]:
    """The Authorization header: any bearer token, so the provider can verify with its own.

    Args:
        token: The consumer's own token, the example the mock server is sent.
    """
    return match.regex(f"Bearer {token}", regex=r"^Bearer .+$")


def path_with_state_id(prefix: str, example_id: str, *, name: str = "id") -> AbstractMatcher[str]:
    """A request path ending in a UUID the provider makes, e.g. ``/users/<id>``.

    The consumer cannot know the id when it writes the pact: the verifier takes it from the
    values the provider state's setup answers (Pact's "provider state injected values").

    Args:
        prefix: The path before the id, e.g. ``"/users/"``.
        example_id: The id the consumer's test uses in its place.
        name: The key of the id in what the state's setup answers.
    """
    return GenericMatcher(
        "regex",
        value=f"{prefix}{example_id}",
        regex=rf"^{re.escape(prefix)}{UUID}$",
        generator=generate.provider_state(f"{prefix}${{{name}}}"),
    )


def problem(status: int) -> dict[str, Any]:
    """The body of an error answer: a problem document (RFC 9457) of exactly this status.

    Sent with ``content_type=PROBLEM_JSON``. The `type` is any string (a provider may name its
    problems by URI one day); the `status` is the literal, as it must repeat the HTTP status.
    Nothing else is pinned: the title, detail and errors are for people and logs, and a consumer
    that starts to read one of them adds it to its own pact.

    Args:
        status: The HTTP status of the answer, e.g. 404.
    """
    return {"type": match.str("about:blank"), "status": status}
