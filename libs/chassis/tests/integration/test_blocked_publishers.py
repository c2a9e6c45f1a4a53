"""A broker that blocks publishers (its memory alarm): the relay gives up in time, loses nothing.

RabbitMQ short of memory or disk stops reading from every publishing connection until the alarm
clears; a publish waiting for its confirm would wait that long, and the relay with it. The alarm
is the node's, so these tests raise it on a broker of their own (`rabbitmqctl
set_vm_memory_high_watermark 0` in its container), never on the run's shared one, where other
suites publish meanwhile.
"""

import threading
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager

import pytest
from effects import EVENT
from relaying import ids, received, stored, unpublished

from chassis.messaging.outbox import OutboxRelay
from chassis.messaging.publisher import RabbitPublisher
from testkit.data import unique_name
from testkit.servers.broker import observe
from testkit.servers.containers import FastRabbitMqContainer

BLOCKED_TIMEOUT = 1.0
# What a round may take under the alarm: the timeout, the connection torn down, slack.
ROUND_WITHIN = BLOCKED_TIMEOUT + 9.0
DEFAULT_WATERMARK = "0.4"  # RabbitMQ's own default


@pytest.fixture(scope="module")
def own_broker(
    own_broker_starting: "Future[FastRabbitMqContainer] | None",
) -> FastRabbitMqContainer:
    """The broker of these tests alone, started at the session's start (conftest.py)."""
    if own_broker_starting is None:
        pytest.fail(
            "the memory-alarm tests start a RabbitMQ of their own (the alarm blocks every "
            "publisher of a node): they need a Docker engine (infra/provision.sh)",
            pytrace=False,
        )
    return own_broker_starting.result()


def set_watermark(container: FastRabbitMqContainer, fraction: str) -> None:
    code, output = container.exec(["rabbitmqctl", "set_vm_memory_high_watermark", fraction])
    assert code == 0, output


@contextmanager
def memory_alarm(container: FastRabbitMqContainer) -> Iterator[None]:
    """The broker's memory alarm on (every publisher blocked), lifted afterwards, pass or fail."""
    set_watermark(container, "0")
    try:
        yield
    finally:
        set_watermark(container, DEFAULT_WATERMARK)


def test_a_relay_round_during_a_memory_alarm_gives_up_in_time_and_every_event_goes_out_after(
    own_broker, outbox_factory, tables
):
    broker = own_broker.broker()
    exchange = unique_name("events")
    with broker.connect() as connection:
        channel = connection.channel()
        queue = observe(channel, exchange, EVENT)
        publisher = RabbitPublisher(
            broker_url=broker.url, exchange=exchange, blocked_timeout_seconds=BLOCKED_TIMEOUT
        )
        relay = OutboxRelay(outbox_factory, tables.outbox, publisher, poll_seconds=1)
        before = stored(outbox_factory, tables, count=1)
        assert relay.publish_pending() == 1  # the relay's connection is open, as in a service
        during = stored(outbox_factory, tables, count=3)
        rounds: list[int] = []
        blocked_round = threading.Thread(target=lambda: rounds.append(relay.publish_pending()))

        with memory_alarm(own_broker):
            blocked_round.start()
            blocked_round.join(ROUND_WITHIN)
            assert not blocked_round.is_alive(), "the relay's round hung on the blocked broker"
            assert rounds == [0]
            assert unpublished(outbox_factory, tables) == ids(during)

        assert relay.publish_pending() == 3
        assert unpublished(outbox_factory, tables) == []
        arrived = received(channel, queue)
        # At least once: a message the broker read before the connection was dropped may come
        # twice (the consumers' inbox applies it once); none is missing.
        assert set(arrived) == set(ids(before + during))
        assert arrived[0] == before[0].id
        publisher.close()
