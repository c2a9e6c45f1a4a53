"""The outbox relay on a real database and broker: kept while the broker is down, sent once."""

import uuid

import pytest
from payments.events import PaymentFailed, new_envelope
from payments.outbox import OutboxMessage, OutboxRelay, add_event
from payments.publisher import RabbitPublisher
from sqlalchemy.orm import sessionmaker

from testkit.broker import get_message, observe
from testkit.polling import eventually

DOWN_BROKER = "amqp://guest:guest@127.0.0.1:1/%2F"


def payment_failed():
    payload = PaymentFailed(
        payment_id=uuid.uuid4(), order_id=uuid.uuid4(), amount_cents=1, reason="limit"
    )
    return new_envelope("payment.failed", payload)


@pytest.fixture
def publisher(rabbitmq, names):
    publisher = RabbitPublisher(broker_url=rabbitmq.url, exchange=names.exchange)
    yield publisher
    publisher.close()


def stored(relay_session_factory, envelope) -> OutboxMessage:
    with relay_session_factory() as session, session.begin():
        add_event(session, envelope)
    return envelope


def published_at(relay_session_factory, envelope):
    with relay_session_factory() as session:
        return session.get(OutboxMessage, envelope.id).published_at


def test_with_the_broker_down_nothing_is_published_and_the_row_is_kept(
    relay_session_factory, names
):
    envelope = stored(relay_session_factory, payment_failed())
    down = RabbitPublisher(broker_url=DOWN_BROKER, exchange=names.exchange)

    assert OutboxRelay(relay_session_factory, down, poll_seconds=0.01).publish_pending() == 0

    assert published_at(relay_session_factory, envelope) is None


def test_once_the_broker_is_back_the_row_is_published_exactly_once(
    relay_session_factory, publisher, channel, names
):
    queue = observe(channel, names.exchange, "payment.failed")
    envelope = stored(relay_session_factory, payment_failed())
    down = RabbitPublisher(broker_url=DOWN_BROKER, exchange=names.exchange)
    OutboxRelay(relay_session_factory, down, poll_seconds=0.01).publish_pending()
    relay = OutboxRelay(relay_session_factory, publisher, poll_seconds=0.01)

    rounds = [relay.publish_pending(), relay.publish_pending()]

    assert rounds == [1, 0]
    assert published_at(relay_session_factory, envelope) is not None
    properties, _ = eventually(lambda: get_message(channel, queue), what="the message")
    assert properties.message_id == str(envelope.id)
    assert get_message(channel, queue) is None


def test_rows_are_published_oldest_first(relay_session_factory, publisher, channel, names):
    queue = observe(channel, names.exchange, "payment.failed")
    envelopes = [stored(relay_session_factory, payment_failed()) for _ in range(3)]

    OutboxRelay(relay_session_factory, publisher, poll_seconds=0.01).publish_pending()

    received = [eventually(lambda: get_message(channel, queue))[0].message_id for _ in envelopes]
    assert received == [str(envelope.id) for envelope in envelopes]


def test_the_relay_thread_publishes_what_is_stored_and_stops(
    relay_database, publisher, channel, names
):
    # Real commits: the relay's thread cannot share the test's rolled-back connection. Its
    # database is the relay tests' own, and the row ends up published, so no later test sees it.
    committing_factory = sessionmaker(relay_database, expire_on_commit=False)
    queue = observe(channel, names.exchange, "payment.failed")
    relay = OutboxRelay(committing_factory, publisher, poll_seconds=0.01)
    relay.start()
    try:
        envelope = stored(committing_factory, payment_failed())
        properties, _ = eventually(lambda: get_message(channel, queue), what="the message")
    finally:
        relay.stop()

    assert properties.message_id == str(envelope.id)
    assert eventually(lambda: published_at(committing_factory, envelope), what="published_at")
    assert relay._thread is None
