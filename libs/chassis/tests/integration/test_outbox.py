"""The outbox and its relay on the real database and broker: every event, in order, once.

A relay publishes every pending row it can see, so each test has tables of its own (in a schema
of its own: `outbox_factory`), and a queue of its own bound to the event type (`observed`).
"""

from effects import EVENT, a_thing
from relaying import DOWN_BROKER, BrokerComingBack, RefusesOnce, ids, received, stored, unpublished
from sqlalchemy import select

from chassis.messaging.envelope import Envelope
from chassis.messaging.outbox import OutboxRelay
from chassis.messaging.publisher import RabbitPublisher


def test_an_event_is_stored_with_the_transaction_that_commits_and_not_with_one_rolled_back(
    outbox_factory, tables
):
    kept, dropped = a_thing(), a_thing()
    with outbox_factory() as session, session.begin():
        tables.outbox.add(session, kept)
    with outbox_factory() as session:
        tables.outbox.add(session, dropped)
        session.rollback()

    with outbox_factory() as session:
        [row] = session.execute(select(tables.outbox.table)).all()
    assert (row.id, row.type, row.published_at) == (kept.id, EVENT, None)
    assert Envelope.model_validate(row.payload) == kept


def test_the_relay_publishes_rows_oldest_first_and_marks_them_published(
    outbox_factory, tables, publisher, channel, observed
):
    envelopes = stored(outbox_factory, tables, count=3)
    relay = OutboxRelay(outbox_factory, tables.outbox, publisher, poll_seconds=1)

    rounds = [relay.publish_pending(), relay.publish_pending()]

    assert rounds == [3, 0]
    assert unpublished(outbox_factory, tables) == []
    assert received(channel, observed) == ids(envelopes)


def test_with_the_broker_down_rows_stay_unpublished_and_go_out_once_when_it_is_back(
    outbox_factory, tables, publisher, topology, channel, observed
):
    envelopes = stored(outbox_factory, tables, count=2)
    down = RabbitPublisher(broker_url=DOWN_BROKER, exchange=topology.exchange)
    broker = BrokerComingBack(down, publisher)
    relay = OutboxRelay(outbox_factory, tables.outbox, broker, poll_seconds=1)

    assert relay.publish_pending() == 0
    assert unpublished(outbox_factory, tables) == ids(envelopes)
    broker.back()

    assert [relay.publish_pending(), relay.publish_pending()] == [2, 0]
    assert unpublished(outbox_factory, tables) == []
    assert received(channel, observed) == ids(envelopes)


def test_a_refused_event_ends_the_round_so_that_no_later_event_overtakes_it(
    outbox_factory, tables, publisher, channel, observed
):
    first, refused, last = stored(outbox_factory, tables, count=3)
    relay = OutboxRelay(
        outbox_factory, tables.outbox, RefusesOnce(publisher, refused), poll_seconds=1
    )

    assert relay.publish_pending() == 1
    assert unpublished(outbox_factory, tables) == [refused.id, last.id]
    assert relay.publish_pending() == 2

    assert received(channel, observed) == [first.id, refused.id, last.id]
