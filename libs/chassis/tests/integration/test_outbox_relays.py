"""Relays as they run in production: side by side on one database, and in their own thread."""

import threading
import time
import uuid
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor

from effects import EVENT
from relaying import (
    FailsUnexpectedlyOnce,
    HeldAtFirstPublish,
    SlowAndRefusing,
    arrivals,
    ids,
    received,
    stored,
    unpublished,
)

from chassis.messaging.envelope import new_envelope
from chassis.messaging.outbox import OutboxRelay
from chassis.messaging.publisher import RabbitPublisher
from testkit.polling import eventually


def test_while_one_relay_publishes_its_batch_another_publishes_nothing_and_does_not_wait(
    outbox_factory, tables, publisher, channel, observed
):
    older, newer = stored(outbox_factory, tables, count=2)
    held = HeldAtFirstPublish(publisher)
    # One row per round: the first relay takes the older row only, and its publish is held.
    first = OutboxRelay(outbox_factory, tables.outbox, held, poll_seconds=1, batch_size=1)
    second = OutboxRelay(outbox_factory, tables.outbox, publisher, poll_seconds=1)

    with ThreadPoolExecutor(max_workers=2) as pool:
        first_round = pool.submit(first.publish_pending)
        try:
            assert held.holding.wait(5), "the first relay never published"
            # Had it taken the newer row, it could publish it before the older one. A relay that
            # waited for the first one's round instead would hold a connection: a timeout here.
            assert pool.submit(second.publish_pending).result(timeout=5) == 0
        finally:
            held.let_go.set()
        assert first_round.result(timeout=5) == 1
    assert second.publish_pending() == 1

    assert received(channel, observed) == [older.id, newer.id]
    assert unpublished(outbox_factory, tables) == []


AGGREGATES, EVENTS_EACH = 3, 12


def test_two_relay_threads_publish_every_event_once_and_each_aggregates_in_order(
    outbox_factory, tables, rabbitmq, topology, channel, observed
):
    # The events of three orders, stored in bursts while two replicas' relays run, each on its
    # own connections; publishing is slow, and some events are refused the first time.
    events = [
        new_envelope(EVENT, {"thing_id": str(uuid.uuid4()), "aggregate": a, "seq": n})
        for n in range(EVENTS_EACH)
        for a in range(AGGREGATES)
    ]
    refused = {event.id for event in events[5::7]}
    relays, slows = [], []
    for _ in range(2):
        own = RabbitPublisher(broker_url=rabbitmq.url, exchange=topology.exchange)
        slow = SlowAndRefusing(own, seconds=0.002, refused=refused)
        slows.append(slow)
        relays.append(
            (
                own,
                OutboxRelay(outbox_factory, tables.outbox, slow, poll_seconds=0.002, batch_size=4),
            )
        )

    for _, relay in relays:
        relay.start()
    try:
        # Two events of each order per transaction: a relay's batch has rows of every order.
        for burst in range(0, len(events), 2 * AGGREGATES):
            with outbox_factory() as session, session.begin():
                for event in events[burst : burst + 2 * AGGREGATES]:
                    tables.outbox.add(session, event)
            time.sleep(0.01)  # the next burst comes while the relays are at this one
        eventually(lambda: not unpublished(outbox_factory, tables), what="all published")
    finally:
        for own, relay in relays:
            relay.stop()
            own.close()

    arrived = arrivals(channel, observed)  # published means confirmed: all are in the queue
    assert all(slow.published for slow in slows), "the two relays took turns"
    assert Counter(ids(arrived)) == Counter(ids(events))
    assert not refused, "every refused event was tried again"
    order = defaultdict(list)
    for event in arrived:
        order[event.data["aggregate"]].append(event.data["seq"])
    assert dict(order) == {a: list(range(EVENTS_EACH)) for a in range(AGGREGATES)}


def relay_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "outbox-relay"]


def test_the_relay_thread_publishes_what_is_committed_outlives_a_failure_and_stops(
    outbox_factory, tables, publisher, channel, observed
):
    relay = OutboxRelay(
        outbox_factory, tables.outbox, FailsUnexpectedlyOnce(publisher), poll_seconds=0.02
    )
    relay.start()
    try:
        [envelope] = stored(outbox_factory, tables, count=1)
        assert eventually(lambda: received(channel, observed), what="the event") == [envelope.id]
        eventually(lambda: not unpublished(outbox_factory, tables), what="the row published")
    finally:
        relay.stop()

    assert relay_threads() == []
