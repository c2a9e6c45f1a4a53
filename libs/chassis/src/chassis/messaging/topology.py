"""The RabbitMQ topology of docs/events.md, declared by the consumer each time it connects."""

from collections.abc import Iterable

from pika.adapters.blocking_connection import BlockingChannel

# Headers of a dead letter the consumer publishes: why, and where the message was going.
POISON_REASON = "x-poison-reason"
ORIGINAL_EXCHANGE = "x-original-exchange"
ORIGINAL_ROUTING_KEY = "x-original-routing-key"


def queue_name(queue_prefix: str, event_type: str) -> str:
    """`payments.order.placed`: one queue per consuming service and event type."""
    return f"{queue_prefix}.{event_type}"


def dead_letter_name(queue_prefix: str) -> str:
    """The name of both the service's dead-letter exchange and its dead-letter queue."""
    return f"{queue_prefix}.dead-letter"


def declare_topology(
    channel: BlockingChannel, *, exchange: str, queue_prefix: str, event_types: Iterable[str]
) -> None:
    """Declare (idempotently) the events exchange, the queues consumed and the dead letters."""
    dead_letter = dead_letter_name(queue_prefix)
    channel.exchange_declare(exchange, exchange_type="topic", durable=True)
    channel.exchange_declare(dead_letter, exchange_type="fanout", durable=True)
    channel.queue_declare(dead_letter, durable=True)
    channel.queue_bind(dead_letter, dead_letter)
    for event_type in event_types:
        queue = queue_name(queue_prefix, event_type)
        # Deliveries the broker itself dead-letters (rejected, expired) land there too.
        channel.queue_declare(
            queue, durable=True, arguments={"x-dead-letter-exchange": dead_letter}
        )
        channel.queue_bind(queue, exchange, routing_key=event_type)
