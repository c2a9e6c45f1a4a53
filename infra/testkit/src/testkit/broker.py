"""Talking to the real broker as docs/events.md says producers and consumers do."""

import time
import uuid

import pika
from pika.adapters.blocking_connection import BlockingChannel


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
