"""Dead letters, listed, and replayed once their cause is fixed (docs/events.md, "Dead letters").

A replay publishes each dead letter again, with its original message_id and properties, to the
exchange and routing key it was first published with, and acks it only once the broker has
confirmed the copy: a failed replay leaves it in the queue. Every consumer of the event type
gets the copy; an inbox that has the id already (the consumer did apply it) skips it. The
command line is `cli`: `python -m chassis.messaging.dead_letters list|replay --queue ...`.
"""

import copy
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pika
from pika.adapters.blocking_connection import BlockingChannel
from pika.exceptions import AMQPError
from pika.spec import BasicProperties

from chassis.messaging.topology import ORIGINAL_EXCHANGE, ORIGINAL_ROUTING_KEY, POISON_REASON

# What the consumer and the broker add when they dead-letter a message, dropped from its copy.
DEAD_LETTER_HEADERS = ("x-death", "x-first-death-", "x-last-death-", "x-original-", POISON_REASON)


class ReplayFailed(Exception):
    """A dead letter could not be published again; it and those after it stay in the queue."""

    def __init__(self, message: str, replayed: list["DeadLetter"]) -> None:
        super().__init__(message)
        self.replayed = replayed  # those before it, replayed and acked


@dataclass(frozen=True)
class DeadLetter:
    delivery_tag: int
    routing_key: str  # the dead-letter exchange keeps the original's
    properties: BasicProperties
    body: bytes

    @property
    def headers(self) -> dict[str, Any]:
        return self.properties.headers or {}

    @property
    def reason(self) -> str:
        """The consumer's reason, or the broker's (rejected, expired, ...)."""
        return str(self.headers.get(POISON_REASON) or self.headers.get("x-first-death-reason", ""))

    @property
    def exchange(self) -> str | None:
        """Where it was first published; None when neither the consumer nor the broker said."""
        found = self.headers.get(ORIGINAL_EXCHANGE, self.headers.get("x-first-death-exchange"))
        return None if found is None else str(found)

    @property
    def original_routing_key(self) -> str:
        return str(self.headers.get(ORIGINAL_ROUTING_KEY, self.routing_key))

    def summary(self) -> dict[str, Any]:
        return {
            "message_id": self.properties.message_id,
            "type": self.properties.type,
            "exchange": self.exchange,
            "routing_key": self.original_routing_key,
            "reason": self.reason,
        }

    def as_published(self) -> BasicProperties:
        """The original properties: message_id, type, timestamp, its own headers."""
        properties = copy.copy(self.properties)
        properties.headers = {
            key: value
            for key, value in self.headers.items()
            if not key.startswith(DEAD_LETTER_HEADERS)
        }
        return properties


@contextmanager
def held(
    connection: pika.BlockingConnection, queue: str
) -> Iterator[tuple[BlockingChannel, list[DeadLetter]]]:
    """The queue's dead letters as it holds them now, unacked: those not acked go back at the end.

    Only as many as were there at the start, so that one dead-lettered again meanwhile (its
    cause not fixed after all) is not taken a second time.
    """
    channel = connection.channel()
    try:
        channel.confirm_delivery()
        count = channel.queue_declare(queue, passive=True).method.message_count
        letters = []
        for _ in range(count):
            method, properties, body = channel.basic_get(queue)
            if method is None:
                break
            letters.append(DeadLetter(method.delivery_tag, method.routing_key, properties, body))
        yield channel, letters
    finally:
        if channel.is_open:  # else the broker closed it, and requeued them itself
            channel.close()  # requeues what is not acked


def list_dead_letters(connection: pika.BlockingConnection, queue: str) -> list[DeadLetter]:
    """The dead letters in `queue`, left there."""
    with held(connection, queue) as (_, letters):
        return letters


def replay(
    connection: pika.BlockingConnection, queue: str, *, ids: Collection[str] = ()
) -> list[DeadLetter]:
    """Publish the dead letters (only those with these message ids, if any) again, in order.

    Returns:
        Those replayed and acked.

    Raises:
        ReplayFailed: One could not be published (no exchange known, refused, unroutable); it
            and the rest stay in the queue.
    """
    replayed = []
    with held(connection, queue) as (channel, letters):
        for letter in letters:
            if ids and letter.properties.message_id not in ids:
                continue
            failed = f"{letter.properties.message_id} not replayed"
            if letter.exchange is None:
                raise ReplayFailed(f"{failed}: where it came from is unknown", replayed)
            try:
                channel.basic_publish(
                    letter.exchange,
                    letter.original_routing_key,
                    letter.body,
                    letter.as_published(),
                    mandatory=True,  # and confirmed: an unroutable or refused copy raises here
                )
            except AMQPError as error:
                raise ReplayFailed(f"{failed}: {error!r}", replayed) from error
            channel.basic_ack(letter.delivery_tag)
            replayed.append(letter)
    return replayed
