"""The kit's RabbitMQ: publisher confirms, persistent messages, and queues of the test's own."""

import pika
import pytest

from testkit.data import unique_name


@pytest.fixture
def queue(channel):
    """An exchange and a queue only this test uses, bound by routing key `note.written`."""
    exchange, queue = unique_name("testkit-exchange"), unique_name("testkit-queue")
    channel.exchange_declare(exchange, exchange_type="topic", auto_delete=True)
    channel.queue_declare(queue, exclusive=True)
    channel.queue_bind(queue, exchange, routing_key="note.written")
    return exchange, queue


def test_a_confirmed_persistent_message_reaches_its_queue(channel, queue):
    exchange, queue_name = queue
    properties = pika.BasicProperties(
        delivery_mode=pika.DeliveryMode.Persistent,
        message_id="m-1",
        content_type="application/json",
    )

    channel.basic_publish(exchange, "note.written", b'{"body": "hi"}', properties, mandatory=True)
    method, received, body = channel.basic_get(queue_name, auto_ack=True)

    assert body == b'{"body": "hi"}'
    assert received.message_id == "m-1"
    assert received.delivery_mode == pika.DeliveryMode.Persistent.value
    assert method.routing_key == "note.written"


def test_an_unroutable_message_is_returned_to_the_publisher(channel, queue):
    exchange, _ = queue

    with pytest.raises(pika.exceptions.UnroutableError):
        channel.basic_publish(exchange, "no.such.key", b"{}", mandatory=True)
