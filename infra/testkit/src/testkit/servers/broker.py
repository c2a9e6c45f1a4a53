"""Talking to the real broker as docs/events.md says producers and consumers do."""

import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeVar

import pika
from pika.adapters.blocking_connection import BlockingChannel

from chassis.messaging.topology import (
    dead_letter_name,
    declare,
    events_exchange,
    queue_name,
    topology,
)
from testkit.data import unique_name
from testkit.polling import eventually

if TYPE_CHECKING:
    from testkit.servers.rabbitmq import RabbitMQBroker


def publish(
    channel: BlockingChannel,
    exchange: str,
    event_type: str,
    body: bytes,
    message_id: str | None = None,
) -> None:
    """Publish as a producer does: persistent, confirmed (if the channel is), mandatory.

    Args:
        channel: An open channel; with ``confirm_delivery()`` an unroutable message raises.
        exchange: The events exchange.
        event_type: The routing key, also the message's ``type``.
        body: The serialized envelope.
        message_id: Defaults to a fresh UUID; pass one to publish a redelivery-like duplicate.
    """
    channel.basic_publish(
        exchange,
        event_type,
        body,
        pika.BasicProperties(
            content_type="application/json",
            delivery_mode=pika.DeliveryMode.Persistent,
            message_id=message_id or str(uuid.uuid4()),
            type=event_type,
            timestamp=int(time.time()),
        ),
        mandatory=True,
    )


def get_message(channel: BlockingChannel, queue: str) -> tuple[pika.BasicProperties, bytes] | None:
    """Take one message off `queue` (acked), or None when it is empty: a probe for `eventually`."""
    method, properties, body = channel.basic_get(queue, auto_ack=True)
    return (properties, body) if method else None


def observe(channel: BlockingChannel, exchange: str, routing_key: str) -> str:
    """A queue of the test's own, bound to `routing_key`; it goes with the channel's connection.

    Returns:
        The queue's server-chosen name.
    """
    channel.exchange_declare(exchange, exchange_type="topic", durable=True)
    queue = channel.queue_declare("", exclusive=True).method.queue
    channel.queue_bind(queue, exchange, routing_key=routing_key)
    return queue


@dataclass(frozen=True)
class TestTopology:
    """An events exchange and a queue prefix no other test uses (the chassis' topology names)."""

    __test__ = False  # a class named Test*, imported into a test module, is not a test

    exchange: str
    queue_prefix: str

    def queue(self, event_type: str) -> str:
        return queue_name(self.queue_prefix, event_type)

    @property
    def dead_letters(self) -> str:
        """The name of both the dead-letter exchange and its queue."""
        return dead_letter_name(self.queue_prefix)


@contextmanager
def temporary_topology(
    rabbitmq: "RabbitMQBroker", *, event_types: Iterable[str], prefix: str = "test"
) -> Iterator[TestTopology]:
    """Unique names for one test's exchange and queues, declared as the chassis describes them.

    The broker's administrator declares the topology (in the compose stack, its definitions
    file), never the service: so does the test, with the same description
    (`chassis.messaging.topology`), and deletes it afterwards.

    Args:
        rabbitmq: The broker.
        event_types: The event types the test's consumer takes (one queue each).
        prefix: The start of the queue prefix, e.g. the service's name.
    """
    names = TestTopology(exchange=unique_name("events"), queue_prefix=unique_name(prefix))
    # Read twice (declared, then deleted): a generator must not be used up by the first.
    where = {
        "exchange": names.exchange,
        "queue_prefix": names.queue_prefix,
        "event_types": tuple(event_types),
    }
    with rabbitmq.connect() as connection:
        declare_topology(connection.channel(), **where)
    try:
        yield names
    finally:
        with rabbitmq.connect() as connection:
            delete_topology(connection.channel(), **where)


def declare_topology(
    channel: BlockingChannel, *, exchange: str, queue_prefix: str, event_types: Iterable[str]
) -> None:
    """Declare, as the broker's administrator, the events exchange and a consumer's topology.

    Args:
        channel: An open channel of a user that may configure anything.
        exchange: The events exchange the queues are bound to.
        queue_prefix: The prefix of the queues' names (and of the dead-letter exchange's).
        event_types: The event types that have a queue each.
    """
    declare(channel, events_exchange(exchange))
    declare(
        channel,
        topology(
            exchange=exchange, queue_prefix=queue_prefix, event_types=event_types
        ).definitions(),
    )


def delete_topology(
    channel: BlockingChannel, *, exchange: str, queue_prefix: str, event_types: Iterable[str]
) -> None:
    """Delete what `declare_topology` declared: the queues, dead letters and the exchange.

    Args:
        channel: An open channel.
        exchange: The events exchange the queues were bound to.
        queue_prefix: The prefix of the queues' names (and of the dead-letter exchange's).
        event_types: The event types that have a queue each.
    """
    for event_type in event_types:
        channel.queue_delete(queue_name(queue_prefix, event_type))
    channel.queue_delete(dead_letter_name(queue_prefix))
    channel.exchange_delete(dead_letter_name(queue_prefix))
    channel.exchange_delete(exchange)


@contextmanager
def confirmed_channel(rabbitmq: "RabbitMQBroker") -> Iterator[BlockingChannel]:
    """A producer's channel with publisher confirms: an unroutable publish raises."""
    with rabbitmq.connect() as connection:
        channel = connection.channel()
        channel.confirm_delivery()
        yield channel


class Connecting(Protocol):
    """A worker that connects to the broker in a thread of its own: a consumer."""

    @property
    def is_connected(self) -> bool: ...

    def start(self) -> None: ...

    def stop(self) -> None: ...


W = TypeVar("W", bound=Connecting)


@contextmanager
def running(worker: W) -> Iterator[W]:
    """Start the worker, wait until it is on the broker, and stop it afterwards, pass or fail."""
    worker.start()
    try:
        eventually(lambda: worker.is_connected, what=f"{type(worker).__name__} connected")
        yield worker
    finally:
        worker.stop()
