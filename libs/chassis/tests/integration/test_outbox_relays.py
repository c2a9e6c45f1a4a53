"""Relays as they run in production: side by side on one database, and in their own thread."""

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from relaying import FailsUnexpectedlyOnce, HeldAtFirstPublish, received, stored, unpublished

from chassis.messaging.outbox import OutboxRelay
from testkit.polling import eventually


def test_two_relays_on_one_database_share_the_rows_and_never_publish_one_twice(
    outbox_factory, tables, publisher, channel, observed
):
    held_row, free_row = stored(outbox_factory, tables, count=2)
    held = HeldAtFirstPublish(publisher)
    # One row per round: the first relay locks the oldest row only, while its publish is held.
    first = OutboxRelay(outbox_factory, tables.outbox, held, poll_seconds=1, batch_size=1)
    second = OutboxRelay(outbox_factory, tables.outbox, publisher, poll_seconds=1)

    with ThreadPoolExecutor(max_workers=2) as pool:
        first_round = pool.submit(first.publish_pending)
        try:
            assert held.holding.wait(5), "the first relay never published"
            # Without SKIP LOCKED it would wait for the first relay's locks: a timeout here.
            assert pool.submit(second.publish_pending).result(timeout=5) == 1
        finally:
            held.let_go.set()
        assert first_round.result(timeout=5) == 1

    assert Counter(received(channel, observed)) == {held_row.id: 1, free_row.id: 1}
    assert unpublished(outbox_factory, tables) == []


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
