"""Two replicas of a consumer on one queue, both given one event at the same moment: applied once.

A real race, on two broker connections and two database sessions: while the test holds the
`effects` table, both replicas' transactions are seen waiting inside processing at once, and
only then let go.
"""

from effects import EVENT, a_thing
from sqlalchemy import Engine, func, select, text

from testkit.polling import eventually
from testkit.servers.broker import get_message


def waiting_on_a_lock(database: Engine) -> int:
    """The sessions of this run's database that wait for a lock another holds."""
    activity = text("pg_stat_activity")
    with database.connect() as connection:
        return connection.scalar(
            select(func.count())
            .select_from(activity)
            .where(text("datname = current_database() AND wait_event_type = 'Lock'"))
        )


def test_two_replicas_given_one_event_at_the_same_moment_apply_it_once_and_ack_both(
    start_consumer, send, effects, database, committing_session_factory, channel, topology
):
    envelope = a_thing()
    # A prefetch of one: the replica holding the first copy cannot take the second as well.
    replicas = [start_consumer(prefetch=1), start_consumer(prefetch=1)]

    with committing_session_factory() as pause, pause.begin():
        # Reads go on; the handler's insert into `effects` waits until the end of this block.
        pause.execute(text("LOCK TABLE effects IN EXCLUSIVE MODE"))
        send(envelope)
        send(envelope)
        # One at its handler's insert, the other at its own (the inbox's, or else the handler's).
        eventually(lambda: waiting_on_a_lock(database) == 2, what="both replicas in processing")

    eventually(lambda: effects.applied(committing_session_factory, envelope), what="the event")
    for replica in replicas:
        replica.stop()  # after the delivery in hand; what is not acked goes back to the queue
    assert effects.applied(committing_session_factory, envelope) == 1
    assert get_message(channel, topology.queue(EVENT)) is None
    assert get_message(channel, topology.dead_letters) is None
