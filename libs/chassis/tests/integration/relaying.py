"""What the outbox tests share: rows to store and read back, and publishers that misbehave."""

import threading
import time
import uuid

from effects import Tables, a_thing
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from chassis.messaging.envelope import Envelope, parse
from chassis.messaging.publisher import Publisher, PublishFailed
from testkit.servers.broker import get_message

DOWN_BROKER = "amqp://guest:guest@127.0.0.1:1/%2F"


def stored(factory: sessionmaker[Session], tables: Tables, count: int) -> list[Envelope]:
    """`count` events, each added to the outbox in a committed transaction of its own."""
    envelopes = [a_thing() for _ in range(count)]
    for envelope in envelopes:
        with factory() as session, session.begin():
            tables.outbox.add(session, envelope)
    return envelopes


def ids(envelopes: list[Envelope]) -> list[uuid.UUID]:
    return [envelope.id for envelope in envelopes]


def unpublished(factory: sessionmaker[Session], tables: Tables) -> list[uuid.UUID]:
    table = tables.outbox.table
    with factory() as session:
        pending = select(table.c.id).where(table.c.published_at.is_(None))
        return list(session.scalars(pending.order_by(table.c.created_at)))


def arrivals(channel, queue: str) -> list[Envelope]:
    """The events in the queue now, in order of arrival; the queue is left empty."""
    arrived = []
    while message := get_message(channel, queue):
        arrived.append(parse(message[1]))
    return arrived


def received(channel, queue: str) -> list[uuid.UUID]:
    """The ids of the events in the queue now, in order of arrival; the queue is left empty."""
    return ids(arrivals(channel, queue))


class BrokerComingBack:
    """A publisher on a broker URL that refuses connections until `back()`, then the real one."""

    def __init__(self, down: Publisher, up: Publisher) -> None:
        self.current, self.up = down, up

    def back(self) -> None:
        self.current = self.up

    def publish(self, envelope: Envelope) -> None:
        self.current.publish(envelope)


class RefusesOnce:
    """The real publisher, except that the broker refuses one event, the first time only."""

    def __init__(self, publisher: Publisher, refused: Envelope) -> None:
        self.publisher, self.refused = publisher, {refused.id}

    def publish(self, envelope: Envelope) -> None:
        if envelope.id in self.refused:
            self.refused.discard(envelope.id)
            raise PublishFailed(f"{envelope.id}: nacked")
        self.publisher.publish(envelope)


class HeldAtFirstPublish:
    """The real publisher, holding its first publish (and so its relay's row locks) until let go."""

    def __init__(self, publisher: Publisher) -> None:
        self.publisher = publisher
        self.holding, self.let_go = threading.Event(), threading.Event()

    def publish(self, envelope: Envelope) -> None:
        if not self.holding.is_set():
            self.holding.set()
            self.let_go.wait(10)
        self.publisher.publish(envelope)


class FailsUnexpectedlyOnce:
    """The real publisher, after one failure no publisher should raise (not a PublishFailed)."""

    def __init__(self, publisher: Publisher) -> None:
        self.publisher, self.failed = publisher, False

    def publish(self, envelope: Envelope) -> None:
        if not self.failed:
            self.failed = True
            raise RuntimeError("a bug in the publisher")
        self.publisher.publish(envelope)


class SlowAndRefusing:
    """The real publisher, taking `seconds` more per event and refusing some, the first time."""

    def __init__(self, publisher: Publisher, *, seconds: float, refused: set[uuid.UUID]) -> None:
        self.publisher, self.seconds = publisher, seconds
        self.refused, self.lock = refused, threading.Lock()  # the set is shared by the relays
        self.published = 0

    def publish(self, envelope: Envelope) -> None:
        time.sleep(self.seconds)  # a broker far away: one relay's batch takes a while
        with self.lock:
            refuse = envelope.id in self.refused
            self.refused.discard(envelope.id)
        if refuse:
            raise PublishFailed(f"{envelope.id}: nacked")
        self.publisher.publish(envelope)
        self.published += 1
