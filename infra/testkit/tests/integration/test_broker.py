"""The broker helpers against the kit's RabbitMQ: publish like a producer, read like a test."""

from testkit.data import unique_name
from testkit.polling import eventually
from testkit.servers.broker import get_message, observe, publish


def test_a_published_event_arrives_persistent_typed_and_with_its_id(channel):
    exchange = unique_name("testkit-events")
    queue = observe(channel, exchange, "note.written")

    publish(channel, exchange, "note.written", b'{"n": 1}', message_id="m-1")

    properties, body = eventually(lambda: get_message(channel, queue), what="the note")
    assert body == b'{"n": 1}'
    assert (properties.type, properties.message_id, properties.delivery_mode) == (
        "note.written",
        "m-1",
        2,
    )
    assert get_message(channel, queue) is None  # taken and acked: the queue is empty again
    channel.exchange_delete(exchange)
