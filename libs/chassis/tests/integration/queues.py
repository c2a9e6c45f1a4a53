"""What the consumer tests read off the broker: how many wait in a queue, and who consumes it."""

from pika.adapters.blocking_connection import BlockingChannel


def ready_in(channel: BlockingChannel, queue: str) -> int:
    """Messages waiting in the queue, not counting those delivered and not yet acked."""
    return channel.queue_declare(queue, passive=True).method.message_count


def consumers_of(channel: BlockingChannel, queue: str) -> int:
    return channel.queue_declare(queue, passive=True).method.consumer_count
