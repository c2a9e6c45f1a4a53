"""The shared events exchange on the real broker: only checked where it exists, else declared.

In the compose stack the broker's definitions declare it and no service may configure it; a
service that declared it (rather than check it) would be refused there. A bare broker has none.
"""

from collections.abc import Iterator

import pika
import pytest
from pika.exceptions import ChannelClosedByBroker

from chassis.messaging.topology import ensure_events_exchange
from testkit.data import unique_name

PRECONDITION_FAILED = 406


@pytest.fixture
def connection(rabbitmq) -> Iterator[pika.BlockingConnection]:
    connection = rabbitmq.connect()
    yield connection
    connection.close()


@pytest.fixture
def exchange(connection) -> Iterator[str]:
    name = unique_name("events")
    yield name
    connection.channel().exchange_delete(name)


def test_a_missing_exchange_is_declared_a_durable_topic(connection, exchange):
    ensure_events_exchange(connection, exchange)

    # Declaring it again as a durable topic is accepted only if that is what it already is.
    connection.channel().exchange_declare(exchange, exchange_type="topic", durable=True)


def test_an_existing_exchange_is_only_checked_never_declared_again(connection, exchange):
    # Another type than a service would declare: declaring it again would be refused (406).
    connection.channel().exchange_declare(exchange, exchange_type="fanout", durable=True)

    ensure_events_exchange(connection, exchange)  # no refusal: it asked nothing of the broker

    with pytest.raises(ChannelClosedByBroker) as refused:
        connection.channel().exchange_declare(exchange, exchange_type="topic", durable=True)
    assert refused.value.reply_code == PRECONDITION_FAILED  # the check above is a real one
