"""The publisher on the real broker: taken with a confirm, or PublishFailed; never a silent loss."""

import pytest

from chassis.messaging.envelope import new_envelope, parse
from chassis.messaging.publisher import PublishFailed, RabbitPublisher
from testkit.polling import eventually
from testkit.servers.broker import get_message, observe

UNREACHABLE_BROKER = "amqp://guest:guest@127.0.0.1:1/%2F"


@pytest.fixture
def publisher(rabbitmq, topology):
    publisher = RabbitPublisher(broker_url=rabbitmq.url, exchange=topology.exchange)
    yield publisher
    publisher.close()


def paid():
    return new_envelope("payment.succeeded", {"amount_cents": 4200})


def test_a_confirmed_event_reaches_only_the_queues_bound_to_its_type_persistent_and_typed(
    publisher, channel, topology
):
    succeeded = observe(channel, topology.exchange, "payment.succeeded")
    failed = observe(channel, topology.exchange, "payment.failed")
    envelope = paid()

    publisher.publish(envelope)

    properties, body = eventually(lambda: get_message(channel, succeeded), what="the event")
    assert parse(body) == envelope
    assert properties.delivery_mode == 2
    assert (properties.message_id, properties.type) == (str(envelope.id), "payment.succeeded")
    assert properties.content_type == "application/json"
    assert properties.timestamp == int(envelope.occurred_at.timestamp())
    assert get_message(channel, failed) is None


def test_an_event_no_queue_takes_is_publish_failed_not_a_silent_loss(publisher):
    with pytest.raises(PublishFailed, match="Unroutable"):
        publisher.publish(paid())


def test_a_broker_that_cannot_be_reached_is_publish_failed(topology):
    publisher = RabbitPublisher(broker_url=UNREACHABLE_BROKER, exchange=topology.exchange)

    with pytest.raises(PublishFailed, match=r"payment\.succeeded"):
        publisher.publish(paid())


def test_after_the_broker_closed_its_channel_the_next_publish_opens_a_new_one_and_is_taken(
    publisher, channel, topology
):
    observe(channel, topology.exchange, "payment.succeeded")
    publisher.publish(paid())  # its channel is open, the exchange declared
    channel.exchange_delete(topology.exchange)
    with pytest.raises(PublishFailed, match="NOT_FOUND"):
        publisher.publish(paid())  # no exchange: the broker closes the publisher's channel
    queue = observe(channel, topology.exchange, "payment.succeeded")  # the exchange is back
    envelope = paid()

    publisher.publish(envelope)

    _, body = eventually(lambda: get_message(channel, queue), what="the event")
    assert parse(body).id == envelope.id
