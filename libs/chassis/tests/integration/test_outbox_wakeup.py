"""The relay wakes at the commit of an event (Postgres NOTIFY), and its poll is the safety net.

Each relay here polls far less often than the test waits, except where the poll is under test:
an event that arrives in time was published because its commit woke the relay.
"""

import time

from effects import a_thing
from relaying import RefusesOnce, received, stored
from sqlalchemy import text

from chassis.messaging.outbox import OutboxRelay
from testkit.polling import eventually

RARELY = 10.0  # seconds between polls: far longer than any wait below
SOON = 0.5  # what "at once" allows on a busy 2-core machine; a 10 s poll would miss it
RETRY = 1.0  # the relay's wait after a failed round (its default)


def started(relay: OutboxRelay, outbox_factory, tables, channel, observed) -> OutboxRelay:
    """The relay started, past its first round (its event published) and waiting."""
    [first] = stored(outbox_factory, tables, count=1)
    relay.start()
    assert eventually(lambda: received(channel, observed), what="the first event") == [first.id]
    return relay


def seconds_to_arrive(channel, observed, since: float) -> tuple[list, float]:
    arrived = eventually(lambda: received(channel, observed), timeout=2 * SOON, what="the event")
    return arrived, time.perf_counter() - since


def test_an_event_goes_out_at_its_commit_though_the_relay_polls_every_ten_seconds(
    outbox_factory, tables, publisher, channel, observed
):
    relay = OutboxRelay(outbox_factory, tables.outbox, publisher, poll_seconds=RARELY)
    started(relay, outbox_factory, tables, channel, observed)
    try:
        committed = time.perf_counter()
        [envelope] = stored(outbox_factory, tables, count=1)
        arrived, seconds = seconds_to_arrive(channel, observed, committed)
    finally:
        relay.stop()

    assert arrived == [envelope.id]
    assert seconds < SOON


def test_a_rolled_back_event_wakes_nothing_and_is_never_published(
    outbox_factory, tables, publisher, channel, observed
):
    relay = OutboxRelay(outbox_factory, tables.outbox, publisher, poll_seconds=RARELY)
    started(relay, outbox_factory, tables, channel, observed)
    try:
        with outbox_factory() as session:
            tables.outbox.add(session, a_thing())
            session.rollback()
        time.sleep(SOON)
        nothing = received(channel, observed)
        # The relay still hears the next commit: the rollback left it waiting, not stuck.
        [kept] = stored(outbox_factory, tables, count=1)
        arrived = eventually(lambda: received(channel, observed), timeout=SOON, what="the event")
    finally:
        relay.stop()

    assert nothing == []
    assert arrived == [kept.id]


def test_the_poll_publishes_an_event_whose_wake_up_was_lost(
    outbox_factory, tables, publisher, channel, observed
):
    relay = OutboxRelay(outbox_factory, tables.outbox, publisher, poll_seconds=0.3)
    started(relay, outbox_factory, tables, channel, observed)
    try:
        envelope = a_thing()
        with outbox_factory() as session, session.begin():
            # The row as Outbox.add stores it, without its NOTIFY: a wake-up that never came.
            session.execute(
                tables.outbox.table.insert().values(
                    id=envelope.id, type=envelope.type, payload=envelope.model_dump(mode="json")
                )
            )
        arrived = eventually(lambda: received(channel, observed), timeout=3, what="the event")
    finally:
        relay.stop()

    assert arrived == [envelope.id]


LISTENING = (
    "SELECT pid FROM pg_stat_activity"
    " WHERE datname = current_database() AND query LIKE 'LISTEN %' ORDER BY pid"
)


def listening(outbox_factory) -> list[int]:
    """The backends of the database that are LISTENing (idle since their LISTEN)."""
    with outbox_factory() as session:
        return list(session.scalars(text(LISTENING)))


def test_a_relay_whose_listening_connection_dies_listens_again_after_its_next_poll(
    outbox_factory, tables, publisher, channel, observed
):
    # A poll every 2 s: after the new LISTEN, a polled event would arrive a while later.
    relay = OutboxRelay(outbox_factory, tables.outbox, publisher, poll_seconds=2)
    started(relay, outbox_factory, tables, channel, observed)
    try:
        killed = listening(outbox_factory)
        with outbox_factory() as session, session.begin():
            for pid in killed:
                session.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        # The wait fails, the relay polls, and before its next round it listens again.
        eventually(
            lambda: set(listening(outbox_factory)) - set(killed), timeout=5, what="a new LISTEN"
        )
        committed = time.perf_counter()
        [envelope] = stored(outbox_factory, tables, count=1)
        arrived, seconds = seconds_to_arrive(channel, observed, committed)
    finally:
        relay.stop()

    assert killed != []
    assert arrived == [envelope.id]
    assert seconds < SOON


def test_an_event_the_broker_refused_is_tried_again_after_a_second_not_at_the_next_poll(
    outbox_factory, tables, publisher, channel, observed
):
    envelope = a_thing()
    refusing = RefusesOnce(publisher, envelope)
    relay = OutboxRelay(outbox_factory, tables.outbox, refusing, poll_seconds=RARELY)
    started(relay, outbox_factory, tables, channel, observed)
    try:
        committed = time.perf_counter()
        with outbox_factory() as session, session.begin():
            tables.outbox.add(session, envelope)  # its commit wakes the relay: refused
        # No other commit comes to wake it: the retry does, long before the 10 s poll.
        arrived = eventually(
            lambda: received(channel, observed), timeout=RETRY + 2 * SOON, what="the retry"
        )
        seconds = time.perf_counter() - committed
    finally:
        relay.stop()

    assert not refusing.refused  # it was refused once ...
    assert arrived == [envelope.id]  # ... and published by the retry
    assert seconds >= RETRY
