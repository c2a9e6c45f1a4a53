"""Message pacts, both sides: a consumer's expected event and handling, a producer's real events.

A consumer's test describes each event it takes (`expect_event`) and hands Pact `consume_with`,
which does with the message what the chassis' consumer does. A producer's provider test makes
each message with its own code: the use case writes to the outbox, the real OutboxRelay hands
the event to the real RabbitPublisher (`OutboxMessages`), and the message is what that publisher
hands the broker (a `RecordingConnection` keeps it): body, content type, exchange, routing key.

Needs pact-python: install the kit as ``testkit[pact]`` (the services' ``contract`` groups do).
"""

from collections.abc import Callable, Mapping
from typing import Any

from pact import Pact
from pact.types import Message
from sqlalchemy.orm import Session, sessionmaker

from chassis.messaging.envelope import parse
from chassis.messaging.inbox import Handler
from chassis.messaging.outbox import Outbox, OutboxRelay
from chassis.messaging.publisher import RabbitPublisher
from testkit.pact.matchers import amqp_metadata, envelope
from testkit.settings import UNUSED_BROKER_URL
from testkit.stand_ins.recording import RecordingConnection, Sent

# How the chassis' RabbitPublisher labels every body it sends.
CONTENT_TYPE = "application/json"

Consume = Callable[[str | bytes | None, dict[str, object]], None]


def expect_event(
    pact: Pact, description: str, event_type: str, data: dict[str, Any], *, exchange: str
) -> None:
    """Add the interaction of one event the consumer takes, as every producer sends events.

    Args:
        pact: The consumer's message pact.
        description: The interaction's name, which the provider's message handler maps.
        event_type: The event's type, also its routing key.
        data: The payload the consumer reads, matchers allowed (see `matchers.envelope`).
        exchange: The consumer's own default exchange, so a producer publishing elsewhere fails.
    """
    (
        pact.upon_receiving(description, "Async")
        .with_body(envelope(event_type, data), content_type=CONTENT_TYPE)
        .with_metadata(amqp_metadata(event_type, exchange=exchange))
    )


def consume_with(handlers: Mapping[str, Handler], session: Session) -> Consume:
    """What the consumer does with a delivery: parse the body, pick the handler, apply, commit.

    Args:
        handlers: The consumer's handlers by event type, as its main.py makes them.
        session: Where the handler runs, e.g. the kit's rolled-back `session`.

    Returns:
        The function for ``pact.verify(consume, "Async")``.
    """

    def consume(body: str | bytes | None, metadata: dict[str, object]) -> None:
        assert body is not None
        event = parse(body.encode() if isinstance(body, str) else body)
        # The queue the message arrives on is bound by this routing key: a handler must exist.
        assert metadata["routing_key"] in handlers
        handlers[event.type](session, event)
        session.commit()

    return consume


def as_message(sent: Sent) -> Message:
    """A published message for a Pact message handler: its body, content type and routing.

    Everything comes from what the publisher handed the broker, so a routing key, exchange or
    content type the publisher gets wrong fails verification against the consumers' metadata.
    """
    return Message(
        contents=sent.body,
        content_type=sent.properties.content_type,
        metadata={"exchange": sent.exchange, "routing_key": sent.routing_key},
    )


class OutboxMessages:
    """The events a producer's outbox holds, as the real OutboxRelay and RabbitPublisher send them.

    Args:
        sessions: Sessions that commit, on the migrated database the use cases write to.
        outbox: The producer's outbox.
        exchange: Where the producer publishes: its settings' default events exchange.
    """

    def __init__(self, sessions: sessionmaker[Session], outbox: Outbox, *, exchange: str) -> None:
        self._connection = RecordingConnection()
        publisher = RabbitPublisher(
            broker_url=UNUSED_BROKER_URL, exchange=exchange, connect=self._connection
        )
        self._relay = OutboxRelay(sessions, outbox, publisher, poll_seconds=1)

    def newest(self, event_type: str) -> Message:
        """The newest event of `event_type` (by its body) the relay publishes, as it went out."""
        self._relay.publish_pending()
        sent = next(s for s in reversed(self._connection.sent) if parse(s.body).type == event_type)
        return as_message(sent)
