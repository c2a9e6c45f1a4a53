"""The consumer carries out each verdict on its channel: ack, dead letter then ack, or requeue."""

import uuid

import pytest
from fakes import FakeInbox, FakeSessionFactory, RecordingChannel
from pika.spec import Basic, BasicProperties
from sqlalchemy.exc import OperationalError

from chassis.messaging.consumer import Consumer
from chassis.messaging.envelope import PoisonMessage, new_envelope, serialize

EVENT = "thing.happened"
DELIVERY = Basic.Deliver(delivery_tag=7, exchange="events", routing_key=EVENT)


def consumer_of(handler) -> Consumer:
    # backoff_seconds=0: the requeue back-off is measured on the real broker, not here.
    return Consumer(
        "amqp://guest:guest@127.0.0.1:1/%2F",
        FakeSessionFactory(),
        {EVENT: handler},
        inbox=FakeInbox(),
        exchange="events",
        queue_prefix="svc",
        backoff_seconds=0,
    )


def properties() -> BasicProperties:
    return BasicProperties(
        content_type="application/json",
        delivery_mode=1,
        message_id="m-1",
        type=EVENT,
        headers={"x-trace": "t-1"},
    )


def failing(error: Exception):
    def handle(session, envelope):
        raise error

    return handle


def deliver(consumer: Consumer, body: bytes, delivered: BasicProperties) -> RecordingChannel:
    channel = RecordingChannel()
    consumer._on_message(channel, DELIVERY, delivered, body)
    return channel


def test_an_applied_event_is_acked_and_nothing_else():
    body = serialize(new_envelope(EVENT, {}))

    channel = deliver(consumer_of(lambda session, envelope: None), body, properties())

    assert channel.calls == [("basic_ack", (7,), {})]


def test_a_dead_letter_is_a_persistent_copy_with_the_reason_and_origin_published_before_the_ack():
    channel = deliver(consumer_of(lambda session, envelope: None), b"{}", properties())

    [(published, (exchange, routing_key, body, dead), options), ack] = channel.calls
    assert (published, exchange, routing_key, body) == (
        "basic_publish",
        "svc.dead-letter",
        EVENT,
        b"{}",
    )
    assert options == {"mandatory": True}
    assert ack == ("basic_ack", (7,), {})
    assert dead.headers["x-poison-reason"].startswith("not an event envelope")
    assert dead.headers["x-trace"] == "t-1"
    # Where a replay sends it back to.
    assert dead.headers["x-original-exchange"] == "events"
    assert dead.headers["x-original-routing-key"] == EVENT
    assert (dead.message_id, dead.type, dead.content_type) == ("m-1", EVENT, "application/json")
    assert dead.delivery_mode == 2


def test_the_reason_is_cut_at_1000_characters_and_the_deliverys_own_properties_are_untouched():
    delivered = properties()
    body = serialize(new_envelope(EVENT, {"id": str(uuid.uuid4())}))

    channel = deliver(consumer_of(failing(PoisonMessage("x" * 5000))), body, delivered)

    dead = channel.calls[0][1][3]
    assert dead.headers["x-poison-reason"] == "x" * 1000
    assert dead is not delivered
    assert (delivered.headers, delivered.delivery_mode) == ({"x-trace": "t-1"}, 1)


@pytest.mark.parametrize("headers", [None, {}])
def test_a_delivery_without_headers_is_dead_lettered_with_only_the_reason_and_origin(headers):
    delivered = properties()
    delivered.headers = headers

    channel = deliver(consumer_of(lambda session, envelope: None), b"nonsense", delivered)

    assert sorted(channel.calls[0][1][3].headers) == [
        "x-original-exchange",
        "x-original-routing-key",
        "x-poison-reason",
    ]


def test_a_transient_failure_is_given_back_to_the_broker_unacked():
    down = OperationalError("SELECT 1", {}, Exception("the database went away"))
    body = serialize(new_envelope(EVENT, {}))

    channel = deliver(consumer_of(failing(down)), body, properties())

    assert channel.calls == [("basic_nack", (7,), {"requeue": True})]
