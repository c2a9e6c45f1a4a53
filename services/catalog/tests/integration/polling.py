"""Helpers for tests that wait on other threads or the broker: poll with a deadline, never sleep."""

import time
import uuid
from collections.abc import Callable
from typing import TypeVar

import pika
from pika.adapters.blocking_connection import BlockingChannel

T = TypeVar("T")


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
            delivery_mode=pika.DeliveryMode.Persistent,
            message_id=message_id or str(uuid.uuid4()),
            type=event_type,
            timestamp=int(time.time()),
        ),
        mandatory=True,
    )


def get_message(channel: BlockingChannel, queue: str) -> tuple[pika.BasicProperties, bytes] | None:
    """Take one message off `queue` (acked), or None when it is empty."""
    method, properties, body = channel.basic_get(queue, auto_ack=True)
    return (properties, body) if method else None
