"""The consumer's topology on the real broker: only checked, passively, never declared.

In the compose stack the broker's definitions declare it and no service may configure anything;
a service that declared its queues (rather than check them) would be refused there. A check
that finds one missing must fail with the broker's 404 and leave the broker as it was.
"""

from collections.abc import Iterator

import pika
import pytest
from pika.exceptions import ChannelClosedByBroker

from chassis.messaging.topology import check, topology
from testkit.data import unique_name
from testkit.servers.broker import declare_topology, delete_topology

NOT_FOUND = 404
EVENT = "thing.happened"


@pytest.fixture
def connection(rabbitmq) -> Iterator[pika.BlockingConnection]:
    connection = rabbitmq.connect()
    yield connection
    connection.close()


@pytest.fixture
def names(connection) -> Iterator[dict[str, str]]:
    names = {"exchange": unique_name("events"), "queue_prefix": unique_name("svc")}
    yield names
    delete_topology(connection.channel(), **names, event_types=[EVENT])


def test_a_declared_topology_passes_the_check(connection, names):
    declare_topology(connection.channel(), **names, event_types=[EVENT])

    check(connection, topology(**names, event_types=[EVENT]))


@pytest.mark.parametrize("missing", ["exchange", "queue"])
def test_a_missing_exchange_or_queue_fails_the_check_and_is_not_declared(
    connection, names, missing
):
    declare_topology(connection.channel(), **names, event_types=[EVENT])
    if missing == "exchange":
        connection.channel().exchange_delete(names["exchange"])
    else:
        connection.channel().queue_delete(f"{names['queue_prefix']}.{EVENT}")

    for _ in range(2):  # the first check declared nothing: the second fails the same way
        with pytest.raises(ChannelClosedByBroker) as refused:
            check(connection, topology(**names, event_types=[EVENT]))
        assert refused.value.reply_code == NOT_FOUND
