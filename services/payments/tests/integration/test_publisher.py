"""Publisher wiring on the real broker: exchange, routing key, queue, and AMQP properties."""

import uuid

import pytest
from payments.events import PaymentSucceeded, new_envelope, parse
from payments.outbox import OutboxRelay, add_event
from payments.publisher import PublishFailed, RabbitPublisher

from testkit.broker import get_message, observe
from testkit.polling import eventually

DOWN_BROKER = "amqp://guest:guest@127.0.0.1:1/%2F"


def payment_succeeded():
    payload = PaymentSucceeded(payment_id=uuid.uuid4(), order_id=uuid.uuid4(), amount_cents=4200)
    return new_envelope("payment.succeeded", payload)


@pytest.fixture
def publisher(rabbitmq, names):
    publisher = RabbitPublisher(broker_url=rabbitmq.url, exchange=names.exchange)
    yield publisher
    publisher.close()


def test_a_payment_succeeded_published_by_the_relay_reaches_a_queue_bound_to_its_type(
    relay_session_factory, publisher, channel, names
):
    queue = observe(channel, names.exchange, "payment.succeeded")
    envelope = payment_succeeded()
    with relay_session_factory() as session, session.begin():
        add_event(session, envelope)

    OutboxRelay(relay_session_factory, publisher, poll_seconds=0.01).publish_pending()

    properties, body = eventually(lambda: get_message(channel, queue), what="the message")
    assert properties.delivery_mode == 2
    assert properties.message_id == str(envelope.id)
    assert properties.content_type == "application/json"
    assert properties.type == "payment.succeeded"
    assert properties.timestamp == int(envelope.occurred_at.timestamp())
    assert parse(body) == envelope


def test_a_message_goes_only_to_queues_bound_to_its_type(publisher, channel, names):
    succeeded = observe(channel, names.exchange, "payment.succeeded")
    failed = observe(channel, names.exchange, "payment.failed")

    publisher.publish(payment_succeeded())

    eventually(lambda: get_message(channel, succeeded), what="the message")
    assert get_message(channel, failed) is None


def test_a_message_no_queue_takes_is_an_error_not_a_silent_loss(publisher, names):
    with pytest.raises(PublishFailed, match="Unroutable"):
        publisher.publish(payment_succeeded())


def test_a_broker_that_is_down_is_an_error(names):
    publisher = RabbitPublisher(broker_url=DOWN_BROKER, exchange=names.exchange)

    with pytest.raises(PublishFailed):
        publisher.publish(payment_succeeded())


def test_the_publisher_reconnects_after_a_failure(publisher, channel, names):
    with pytest.raises(PublishFailed):
        publisher.publish(payment_succeeded())  # unroutable: the connection is thrown away
    queue = observe(channel, names.exchange, "payment.succeeded")

    publisher.publish(envelope := payment_succeeded())

    _, body = eventually(lambda: get_message(channel, queue), what="the message")
    assert parse(body).id == envelope.id
