"""The consumer on the real broker and database: effects once, acks after commit, poison aside.

Its commits must be seen from the consumer's thread, so these tests commit for real, in a
database of their own, and keep apart through unique ids.
"""

import json
import uuid
from collections.abc import Iterator

import pika
import pytest
from orders.consumer import Consumer
from orders.domain import OrderStatus
from orders.events import PAYMENT_FAILED, PAYMENT_SUCCEEDED, Envelope, new_envelope, serialize
from orders.handlers import HANDLERS
from orders.models import Order, ProcessedMessage
from orders.outbox import OutboxMessage
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from testkit import RabbitMQBroker
from testkit.polling import eventually


class Crash(Exception):
    """Stands for the process dying between the commit and the ack."""


class DyingBeforeFirstAck(Consumer):
    """A consumer whose first ack never happens: its connection drops with the delivery unacked."""

    acks_tried = 0

    def _ack(self, channel, delivery_tag: int) -> None:
        self.acks_tried += 1
        if self.acks_tried == 1:
            raise Crash
        super()._ack(channel, delivery_tag)


class CountingHandlers(dict):
    """The real handlers, counting how often each event id reaches them."""

    def __init__(self) -> None:
        self.calls: list[uuid.UUID] = []
        super().__init__({kind: self.counting(handler) for kind, handler in HANDLERS.items()})

    def counting(self, handler):
        def handle(session: Session, envelope: Envelope) -> None:
            self.calls.append(envelope.id)
            handler(session, envelope)

        return handle


@pytest.fixture
def handlers() -> CountingHandlers:
    return CountingHandlers()


@pytest.fixture
def start_consumer(
    rabbitmq: RabbitMQBroker, committing_session_factory, handlers, exchange, queue_prefix
):
    """Start a consumer (of the given class) on this test's exchange and queues; stop it after."""
    started: list[Consumer] = []

    def start(consumer_class: type[Consumer] = Consumer) -> Consumer:
        consumer = consumer_class(
            rabbitmq.url,
            committing_session_factory,
            handlers,
            exchange=exchange,
            queue_prefix=queue_prefix,
            retry_delay_seconds=0.05,
        )
        consumer.start()
        started.append(consumer)
        eventually(lambda: consumer.is_connected)
        return consumer

    yield start
    for consumer in started:
        consumer.stop()


@pytest.fixture
def broker_channel(
    rabbitmq: RabbitMQBroker,
) -> Iterator[pika.adapters.blocking_connection.BlockingChannel]:
    with rabbitmq.connect() as connection:
        channel = connection.channel()
        channel.confirm_delivery()
        yield channel


@pytest.fixture
def send(broker_channel, exchange):
    """Publish a message as payments would: routing key = type, persistent, mandatory."""

    def publish(
        envelope: Envelope | None = None, *, body: bytes | None = None, routing_key: str = ""
    ) -> None:
        broker_channel.basic_publish(
            exchange,
            routing_key=envelope.type if envelope else routing_key,
            body=serialize(envelope) if envelope else body,
            properties=pika.BasicProperties(
                content_type="application/json",
                delivery_mode=2,
                message_id=str(envelope.id) if envelope else "poison",
                type=envelope.type if envelope else routing_key,
            ),
            mandatory=True,
        )

    return publish


@pytest.fixture
def pending_order(committing_session_factory: sessionmaker[Session]):
    """Store a PENDING order (committed) and return its id."""

    def store(status: OrderStatus = OrderStatus.PENDING) -> uuid.UUID:
        order = Order(id=uuid.uuid4(), user_id=uuid.uuid4(), status=status, total_cents=1500)
        with committing_session_factory() as session, session.begin():
            session.add(order)
        return order.id

    return store


def payment_succeeded(order_id: uuid.UUID) -> Envelope:
    data = {"payment_id": str(uuid.uuid4()), "order_id": str(order_id), "amount_cents": 1500}
    return new_envelope(PAYMENT_SUCCEEDED, data)


def payment_failed(order_id: uuid.UUID) -> Envelope:
    data = {
        "payment_id": str(uuid.uuid4()),
        "order_id": str(order_id),
        "amount_cents": 1500,
        "reason": "card declined",
    }
    return new_envelope(PAYMENT_FAILED, data)


def status_of(factory: sessionmaker[Session], order_id: uuid.UUID) -> str:
    with factory() as session:
        return session.get(Order, order_id).status


def events_about(factory: sessionmaker[Session], order_id: uuid.UUID) -> list[OutboxMessage]:
    with factory() as session:
        return list(
            session.scalars(
                select(OutboxMessage).where(
                    OutboxMessage.payload["data"]["order_id"].astext == str(order_id)
                )
            )
        )


def times_processed(factory: sessionmaker[Session], envelope: Envelope) -> int:
    with factory() as session:
        return session.scalar(
            select(func.count())
            .select_from(ProcessedMessage)
            .where(ProcessedMessage.id == envelope.id)
        )


def confirmed(factory, order_id) -> bool:
    return status_of(factory, order_id) == OrderStatus.CONFIRMED


def test_payment_succeeded_confirms_the_order_and_stores_order_confirmed(
    start_consumer, send, pending_order, committing_session_factory
):
    factory, order_id = committing_session_factory, pending_order()
    start_consumer()

    send(payment_succeeded(order_id))

    eventually(lambda: confirmed(factory, order_id))
    [event] = events_about(factory, order_id)
    assert event.type == "order.confirmed"
    assert event.payload["data"]["total_cents"] == 1500
    assert event.published_at is None


def test_payment_failed_cancels_the_order_and_stores_order_cancelled(
    start_consumer, send, pending_order, committing_session_factory
):
    factory, order_id = committing_session_factory, pending_order()
    start_consumer()

    send(payment_failed(order_id))

    eventually(lambda: status_of(factory, order_id) == OrderStatus.CANCELLED)
    [event] = events_about(factory, order_id)
    assert (event.type, event.payload["data"]["reason"]) == ("order.cancelled", "card declined")


def test_the_same_message_twice_is_applied_once(
    start_consumer, send, pending_order, committing_session_factory, handlers
):
    factory, order_id, sentinel = committing_session_factory, pending_order(), pending_order()
    envelope = payment_succeeded(order_id)
    start_consumer()

    send(envelope)
    send(envelope)
    send(payment_succeeded(sentinel))  # one queue, one consumer: handled after both copies

    eventually(lambda: confirmed(factory, sentinel))
    assert confirmed(factory, order_id)
    assert len(events_about(factory, order_id)) == 1
    assert times_processed(factory, envelope) == 1
    assert handlers.calls.count(envelope.id) == 1  # the repeat never reached the handler


def test_a_redelivery_after_dying_before_the_ack_is_applied_once(
    start_consumer,
    send,
    pending_order,
    committing_session_factory,
    broker_channel,
    queue_prefix,
    handlers,
):
    factory, order_id = committing_session_factory, pending_order()
    envelope = payment_succeeded(order_id)
    consumer = start_consumer(DyingBeforeFirstAck)

    send(envelope)

    # The first ack crashes the connection; the broker redelivers to the reconnected consumer.
    eventually(lambda: consumer.acks_tried >= 2)
    assert handlers.calls.count(envelope.id) == 1
    assert confirmed(factory, order_id)
    assert len(events_about(factory, order_id)) == 1
    assert times_processed(factory, envelope) == 1
    queue = broker_channel.queue_declare(f"{queue_prefix}.{PAYMENT_SUCCEEDED}", passive=True)
    assert queue.method.message_count == 0


def dead_letters(channel, queue_prefix: str) -> list[tuple[pika.BasicProperties, bytes]]:
    letters = []
    while True:
        method, properties, body = channel.basic_get(f"{queue_prefix}.dead-letter", auto_ack=True)
        if method is None:
            return letters
        letters.append((properties, body))


def test_a_poison_message_goes_to_the_dead_letters_with_its_reason_and_the_consumer_goes_on(
    start_consumer, send, pending_order, committing_session_factory, broker_channel, queue_prefix
):
    factory, order_id = committing_session_factory, pending_order()
    start_consumer()

    send(body=b"this is not json", routing_key=PAYMENT_SUCCEEDED)
    send(payment_succeeded(order_id))

    [(properties, body)] = eventually(lambda: dead_letters(broker_channel, queue_prefix))
    assert body == b"this is not json"
    assert "not an event envelope" in properties.headers["x-poison-reason"]
    eventually(lambda: confirmed(factory, order_id))


def test_an_event_for_an_unknown_order_is_dead_lettered_and_leaves_no_record(
    start_consumer, send, committing_session_factory, broker_channel, queue_prefix
):
    envelope = payment_failed(uuid.uuid4())
    start_consumer()

    send(envelope)

    [(properties, body)] = eventually(lambda: dead_letters(broker_channel, queue_prefix))
    assert json.loads(body)["id"] == str(envelope.id)
    assert properties.message_id == str(envelope.id)
    assert "no order" in properties.headers["x-poison-reason"]
    assert times_processed(committing_session_factory, envelope) == 0


def test_a_failed_payment_for_a_confirmed_order_is_acked_without_effect(
    start_consumer, send, pending_order, committing_session_factory, broker_channel, queue_prefix
):
    factory = committing_session_factory
    order_id, sentinel = pending_order(OrderStatus.CONFIRMED), pending_order()
    start_consumer()

    send(payment_failed(order_id))
    send(payment_failed(sentinel))  # one queue, one consumer: handled after the first

    eventually(lambda: status_of(factory, sentinel) == OrderStatus.CANCELLED)
    assert status_of(factory, order_id) == OrderStatus.CONFIRMED
    assert events_about(factory, order_id) == []
    assert dead_letters(broker_channel, queue_prefix) == []


def test_a_consumer_of_a_dead_broker_is_not_connected_and_stops_cleanly(committing_session_factory):
    consumer = Consumer(
        "amqp://guest:guest@127.0.0.1:1/%2F",
        committing_session_factory,
        HANDLERS,
        exchange="unused",
        queue_prefix="unused",
        retry_delay_seconds=0.05,
    )
    consumer.start()
    try:
        assert not consumer.is_connected
    finally:
        consumer.stop(timeout=2)
