"""Helpers for tests that talk to the real broker: publish like a producer, poll with a deadline."""

import time
import uuid
from collections.abc import Callable
from typing import TypeVar

import pika
from pika.adapters.blocking_connection import BlockingChannel

T = TypeVar("T")


def publish(
    channel: BlockingChannel,
    exchange: str,
    event_type: str,
    body: bytes,
    message_id: str | None = None,
) -> None:
    """Publish as docs/events.md says a producer does: persistent, confirmed, mandatory."""
    channel.basic_publish(
        exchange,
        event_type,
        body,
        pika.BasicProperties(
            content_type="application/json",
            delivery_mode=2,
            message_id=message_id or str(uuid.uuid4()),
            type=event_type,
            timestamp=int(time.time()),
        ),
        mandatory=True,
    )


def wait_until(condition: Callable[[], T], timeout: float = 5.0, what: str = "condition") -> T:
    """Poll `condition` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not met within {timeout} s")
        time.sleep(0.005)


def get_message(channel: BlockingChannel, queue: str) -> tuple[pika.BasicProperties, bytes] | None:
    """Take one message off `queue` (acked), or None when it is empty."""
    method, properties, body = channel.basic_get(queue, auto_ack=True)
    return (properties, body) if method else None


def observe(channel: BlockingChannel, exchange: str, routing_key: str) -> str:
    """A queue of the test's own, bound to `routing_key`; it goes with the channel's connection."""
    channel.exchange_declare(exchange, exchange_type="topic", durable=True)
    queue = channel.queue_declare("", exclusive=True).method.queue
    channel.queue_bind(queue, exchange, routing_key=routing_key)
    return queue
