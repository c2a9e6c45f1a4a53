"""The consumer on the real broker and database: once per event, acked after commit, poison aside.

Each test has an exchange and queues of its own; its events have unique ids, and the effects of
the consumer's commits are counted by event id.
"""

from contextlib import suppress

import pika
import pika.exceptions
import pytest
from effects import EVENT, a_thing
from queues import consumers_of, ready_in

from chassis.messaging.consumer import Consumer
from chassis.messaging.envelope import PoisonMessage, parse, serialize
from testkit.polling import eventually
from testkit.servers.broker import get_message


def test_an_event_delivered_twice_with_one_id_is_applied_once_and_both_are_acked(
    start_consumer, send, effects, committing_session_factory, channel, topology
):
    twice, later = a_thing(), a_thing()
    consumer = start_consumer()

    for envelope in (twice, twice, later):
        send(envelope)

    # One queue, one consumer thread: once the later event is applied, both copies were handled.
    eventually(lambda: effects.applied(committing_session_factory, later), what="the later event")
    assert effects.applied(committing_session_factory, twice) == 1
    assert len(effects.times_called(twice)) == 1  # the copy never reached the handler
    consumer.stop()  # anything delivered but not acked goes back to the queue
    assert get_message(channel, topology.queue(EVENT)) is None
    assert get_message(channel, topology.dead_letters) is None


class ProcessKilled(BaseException):
    """The process dies while applying an event: like SystemExit, no `except Exception` stops it."""


class DiesOnce(Consumer):
    """A consumer whose thread ends for good when its process is 'killed'; its socket closes."""

    def _run(self) -> None:
        with suppress(ProcessKilled):
            super()._run()


def test_an_event_whose_consumer_died_while_applying_it_is_applied_by_the_next_consumer(
    start_consumer, send, effects, committing_session_factory, channel, topology
):
    envelope = a_thing()
    effects.fail(envelope, ProcessKilled())
    start_consumer(DiesOnce)

    send(envelope)

    # Unacked when its consumer died, the event is back in the queue; its transaction is gone.
    eventually(lambda: ready_in(channel, topology.queue(EVENT)) == 1, what="the event requeued")
    assert effects.applied(committing_session_factory, envelope) == 0
    start_consumer()  # the service restarts
    eventually(lambda: effects.applied(committing_session_factory, envelope), what="the event")
    assert len(effects.times_called(envelope)) == 2
    assert get_message(channel, topology.dead_letters) is None


class LosesItsFirstAck(Consumer):
    """A consumer whose connection breaks after the first commit, before that event's ack."""

    acks_tried = 0

    def _ack(self, channel, delivery_tag: int) -> None:
        self.acks_tried += 1
        if self.acks_tried == 1:
            raise pika.exceptions.StreamLostError("connection lost between commit and ack")
        super()._ack(channel, delivery_tag)


def test_an_event_redelivered_after_its_commit_but_before_its_ack_is_applied_once(
    start_consumer, send, effects, committing_session_factory, channel, topology
):
    envelope = a_thing()
    consumer = start_consumer(LosesItsFirstAck)

    send(envelope)

    # The broker gives the unacked event back to the reconnected consumer, which acks it.
    eventually(lambda: consumer.acks_tried >= 2, what="the redelivery acked")
    assert effects.applied(committing_session_factory, envelope) == 1
    assert len(effects.times_called(envelope)) == 1
    consumer.stop()
    assert get_message(channel, topology.queue(EVENT)) is None


def not_an_envelope(effects) -> bytes:
    return b'{"id": '


def refused_by_its_handler(effects) -> bytes:
    envelope = a_thing()
    effects.fail(envelope, PoisonMessage("thing_id: Field required"))
    return serialize(envelope)


@pytest.mark.parametrize(
    ("make_poison", "reason"),
    [
        (not_an_envelope, "not an event envelope: body: "),
        (refused_by_its_handler, "thing_id: Field required"),
    ],
    ids=["not an envelope", "refused by its handler"],
)
def test_a_poison_message_is_dead_lettered_as_it_came_with_its_reason_and_the_next_is_applied(
    make_poison,
    reason,
    start_consumer,
    send,
    effects,
    committing_session_factory,
    channel,
    topology,
):
    poison, good = make_poison(effects), a_thing()
    start_consumer()
    delivered = pika.BasicProperties(
        content_type="application/json",
        delivery_mode=pika.DeliveryMode.Transient,
        message_id="poison-1",
        type=EVENT,
        timestamp=1_700_000_000,
        headers={"x-trace": "trace-1"},
    )

    channel.basic_publish(topology.exchange, EVENT, poison, delivered, mandatory=True)
    send(good)

    properties, body = eventually(
        lambda: get_message(channel, topology.dead_letters), what="a dead letter"
    )
    assert body == poison
    assert properties.headers["x-poison-reason"].startswith(reason)
    assert properties.headers["x-trace"] == "trace-1"
    assert (properties.message_id, properties.type) == ("poison-1", EVENT)
    assert (properties.content_type, properties.timestamp) == ("application/json", 1_700_000_000)
    assert properties.delivery_mode == pika.DeliveryMode.Persistent.value
    eventually(lambda: effects.applied(committing_session_factory, good), what="the next event")


def test_after_stop_the_consumer_is_gone_and_what_is_published_then_stays_in_the_queue(
    start_consumer, send, effects, channel, topology
):
    consumer = start_consumer()
    assert consumers_of(channel, topology.queue(EVENT)) == 1

    consumer.stop()
    envelope = a_thing()
    send(envelope)

    assert not consumer.is_connected
    assert consumers_of(channel, topology.queue(EVENT)) == 0
    waiting = get_message(channel, topology.queue(EVENT))
    assert waiting is not None
    assert parse(waiting[1]) == envelope
    assert effects.calls == []
