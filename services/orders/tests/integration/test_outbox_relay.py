"""The outbox relay on the real broker: wiring, AMQP properties, and a broker that is down."""

import json
import uuid
from collections.abc import Iterator

import pika
import pytest
from orders.events import new_envelope
from orders.migrate import upgrade
from orders.outbox import OutboxMessage, OutboxRelay, add_event
from orders.publisher import RabbitPublisher
from pika.adapters.blocking_connection import BlockingChannel
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session, sessionmaker

from testkit import PostgresServer, RabbitMQBroker, random_sku
from testkit.polling import eventually

DEAD_BROKER = "amqp://guest:guest@127.0.0.1:1/%2F"


@pytest.fixture
def placed_queue(rabbitmq: RabbitMQBroker, exchange: str) -> Iterator[tuple[BlockingChannel, str]]:
    """A queue bound with `order.placed` on the test's exchange, as payments would bind one."""
    with rabbitmq.connect() as connection:
        channel = connection.channel()
        channel.exchange_declare(exchange, exchange_type="topic", durable=True)
        queue = channel.queue_declare("", exclusive=True).method.queue
        channel.queue_bind(queue, exchange, routing_key="order.placed")
        yield channel, queue


def relay_to(broker_url: str, exchange: str, session_factory) -> OutboxRelay:
    publisher = RabbitPublisher(broker_url=broker_url, exchange=exchange)
    return OutboxRelay(session_factory, publisher, poll_seconds=0.05)


def drain(channel, queue: str) -> list[tuple[pika.BasicProperties, dict]]:
    messages = []
    while True:
        method, properties, body = channel.basic_get(queue, auto_ack=True)
        if method is None:
            return messages
        messages.append((properties, json.loads(body)))


def place_order(client, users, catalog) -> str:
    body = {
        "user_id": str(users.add()),
        "lines": [{"sku": catalog.add(random_sku(), 300), "quantity": 2}],
    }
    response = client.post("/orders", json=body)
    assert response.status_code == 201
    return response.json()["id"]


def test_order_placed_reaches_a_queue_bound_with_its_type_as_a_persistent_message(
    client, users, catalog, session_factory, rabbitmq, exchange, placed_queue
):
    channel, queue = placed_queue
    order_id = place_order(client, users, catalog)

    published = relay_to(rabbitmq.url, exchange, session_factory).publish_pending()

    [(properties, envelope)] = drain(channel, queue)
    assert published == 1
    assert envelope["type"] == "order.placed"
    assert envelope["data"]["order_id"] == order_id
    assert envelope["data"]["total_cents"] == 600
    assert properties.delivery_mode == 2
    assert properties.message_id == envelope["id"]
    assert properties.content_type == "application/json"
    assert properties.type == "order.placed"
    assert properties.timestamp is not None


def test_with_the_broker_down_the_order_is_accepted_and_published_once_it_is_back(
    client, users, catalog, session, session_factory, rabbitmq, exchange, placed_queue
):
    channel, queue = placed_queue
    order_id = place_order(client, users, catalog)  # 201 whatever the broker is doing

    assert relay_to(DEAD_BROKER, exchange, session_factory).publish_pending() == 0
    [row] = session.scalars(
        select(OutboxMessage).where(OutboxMessage.payload["data"]["order_id"].astext == order_id)
    ).all()
    assert row.published_at is None

    relay = relay_to(rabbitmq.url, exchange, session_factory)
    assert relay.publish_pending() == 1
    assert relay.publish_pending() == 0

    assert [envelope["data"]["order_id"] for _, envelope in drain(channel, queue)] == [order_id]
    session.refresh(row)
    assert row.published_at is not None


def test_an_event_no_queue_takes_stays_in_the_outbox(
    client, users, catalog, session, session_factory, rabbitmq
):
    # An exchange without any binding: mandatory=True makes the broker return the message.
    lonely_exchange = f"orders-test-unbound-{uuid.uuid4().hex[:8]}"
    place_order(client, users, catalog)

    try:
        assert relay_to(rabbitmq.url, lonely_exchange, session_factory).publish_pending() == 0
    finally:
        with rabbitmq.connect() as connection:
            connection.channel().exchange_delete(lonely_exchange)
    assert session.scalars(
        select(OutboxMessage).where(OutboxMessage.published_at.is_(None))
    ).first()


@pytest.fixture
def empty_database(postgres: PostgresServer) -> Iterator[sessionmaker[Session]]:
    """A migrated database of this test's own: a running relay publishes every pending row."""
    with postgres.temporary_database("orders_relay") as url:
        upgrade(url)
        engine = create_engine(url)
        yield sessionmaker(engine, expire_on_commit=False)
        engine.dispose()


def test_the_relay_thread_publishes_what_is_committed_and_stops(
    empty_database, rabbitmq, exchange, placed_queue
):
    channel, queue = placed_queue
    relay = relay_to(rabbitmq.url, exchange, empty_database)
    relay.start()
    try:
        envelope = new_envelope("order.placed", {"order_id": str(uuid.uuid4())})
        with empty_database() as writer, writer.begin():
            add_event(writer, envelope)

        [(properties, _)] = eventually(lambda: drain(channel, queue))
    finally:
        relay.stop()

    assert properties.message_id == str(envelope.id)
