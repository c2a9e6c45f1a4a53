"""The RabbitMQ topology of docs/events.md, declared by the consumer each time it connects."""

from collections.abc import Iterable

from pika.adapters.blocking_connection import BlockingChannel, BlockingConnection
from pika.exceptions import ChannelClosedByBroker

# AMQP's reply code for a passive declare of an exchange that does not exist.
NOT_FOUND = 404

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


def ensure_events_exchange(connection: BlockingConnection, exchange: str) -> None:
    """Make sure the shared events exchange exists; declare it only where it is missing.

    A broker set up from definitions (compose's infra/compose/rabbitmq/definitions.json) has it,
    and no service's user may configure it (so none can delete or redeclare it): a passive
    declare asks for no right. A bare broker (the tests') has none: whoever connects first
    declares it, a durable topic exchange. On their own channels: a failed passive declare
    closes its channel.
    """
    check = connection.channel()
    try:
        check.exchange_declare(exchange, passive=True)
    except ChannelClosedByBroker as error:
        if error.reply_code != NOT_FOUND:
            raise
        declare = connection.channel()
        declare.exchange_declare(exchange, exchange_type="topic", durable=True)
        declare.close()
    else:
        check.close()


def declare_topology(
    channel: BlockingChannel, *, exchange: str, queue_prefix: str, event_types: Iterable[str]
) -> None:
    """Declare (idempotently) the service's queues, bound to `exchange`, and its dead letters.

    The events exchange itself must exist (ensure_events_exchange): it is not the service's.
    """
    dead_letter = dead_letter_name(queue_prefix)
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
