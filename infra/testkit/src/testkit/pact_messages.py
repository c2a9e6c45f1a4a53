"""Message pacts, both sides: a consumer's expected event and handling, a producer's real events.

A consumer's test describes each event it takes (`expect_event`) and hands Pact `consume_with`,
which does with the message what the chassis' consumer does. A producer's provider test makes
each message with its own code: the use case writes to the outbox, the real OutboxRelay hands
the event on (`OutboxMessages`), and the message is what RabbitPublisher would send.

Needs pact-python: install the kit as ``testkit[pact]`` (the services' ``contract`` groups do).
"""

from collections.abc import Callable, Mapping
from typing import Any

from pact import Pact
from pact.types import Message
from sqlalchemy.orm import Session, sessionmaker

from chassis.messaging.envelope import Envelope, parse, serialize
from chassis.messaging.inbox import Handler
from chassis.messaging.outbox import Outbox, OutboxRelay
from testkit.pact_matchers import amqp_metadata, envelope

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
        data: The payload the consumer reads, matchers allowed (see `pact_matchers.envelope`).
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


class KeptPublisher:
    """A Publisher that keeps what the relay hands it, instead of sending it to a broker."""

    def __init__(self) -> None:
        self.kept: list[Envelope] = []

    def publish(self, envelope: Envelope) -> None:
        self.kept.append(envelope)

    def newest(self, event_type: str) -> Envelope:
        """The event of `event_type` kept last; StopIteration when none was."""
        return next(e for e in reversed(self.kept) if e.type == event_type)


def as_sent(event: Envelope, *, exchange: str) -> Message:
    """The message the chassis' RabbitPublisher sends for `event`, for a Pact message handler.

    The body is `serialize(event)`; the metadata is where RabbitPublisher publishes, `exchange`
    and the event type as routing key (the producer's tests/integration/test_pact_wiring.py
    holds the pacts' metadata to the real publisher and broker).
    """
    return Message(
        contents=serialize(event),
        content_type=CONTENT_TYPE,
        metadata={"exchange": exchange, "routing_key": event.type},
    )


class OutboxMessages:
    """The events a producer's outbox holds, handed on by the real OutboxRelay, as messages.

    Args:
        sessions: Sessions that commit, on the migrated database the use cases write to.
        outbox: The producer's outbox.
        exchange: Where the producer publishes: its settings' default events exchange.
    """

    def __init__(self, sessions: sessionmaker[Session], outbox: Outbox, *, exchange: str) -> None:
        self._publisher = KeptPublisher()
        self._relay = OutboxRelay(sessions, outbox, self._publisher, poll_seconds=1)
        self._exchange = exchange

    def newest(self, event_type: str) -> Message:
        """The newest event of `event_type` the relay publishes, as RabbitPublisher sends it."""
        self._relay.publish_pending()
        return as_sent(self._publisher.newest(event_type), exchange=self._exchange)
