"""Dead letters on the real broker, listed and replayed once their cause is fixed: applied once.

A replay publishes each dead letter again to the exchange and routing key it first went to, with
its message id and properties; the consumer's inbox applies an event once however many copies
come back. The command line (`main`) is what an operator runs.
"""

import io
import json

import pika
import pytest
from effects import EVENT, a_thing
from queues import ready_in

from chassis.messaging import envelope as envelopes
from chassis.messaging.dead_letters import ReplayFailed, replay
from chassis.messaging.dead_letters.cli import main
from chassis.messaging.envelope import PoisonMessage, serialize
from chassis.messaging.topology import ORIGINAL_EXCHANGE, ORIGINAL_ROUTING_KEY, POISON_REASON
from testkit.polling import eventually
from testkit.servers.broker import get_message, publish


def dead_letters(rabbitmq, topology, *arguments: str) -> tuple[int, list[dict]]:
    """Run the command on the test's dead-letter queue: its exit status and its JSON lines."""
    out = io.StringIO()
    status = main([*arguments, "--queue", topology.dead_letters, "--url", rabbitmq.url], out=out)
    return status, [json.loads(line) for line in out.getvalue().splitlines()]


def settled(send, effects, committing_session_factory) -> None:
    """Wait until the consumer has handled all that is in its queue now, by a later event."""
    later = a_thing()
    send(later)
    # One queue, one consumer thread: once the later event is applied, all before it were.
    eventually(lambda: effects.applied(committing_session_factory, later), what="a later event")


def test_an_event_of_an_unread_major_replayed_once_the_consumer_reads_it_is_applied_once(
    start_consumer,
    effects,
    committing_session_factory,
    rabbitmq,
    channel,
    topology,
    observed,
    monkeypatch,
):
    envelope = a_thing()
    start_consumer()
    body = serialize(envelope.model_copy(update={"version": "2.0"}))
    publish(channel, topology.exchange, EVENT, body, str(envelope.id))
    eventually(lambda: ready_in(channel, topology.dead_letters), what="the dead letter")

    status, listed = dead_letters(rabbitmq, topology, "list")
    assert status == 0
    assert listed == [
        {
            "message_id": str(envelope.id),
            "type": EVENT,
            "exchange": topology.exchange,
            "routing_key": EVENT,
            "reason": "version 2.0 is not read here: this consumer reads 1.x",
        }
    ]
    assert ready_in(channel, topology.dead_letters) == 1  # listing leaves it there
    get_message(channel, observed)  # the original, seen by the test's own queue too

    monkeypatch.setattr(envelopes, "MAJOR", 2)  # the consumer is upgraded
    status, replayed = dead_letters(rabbitmq, topology, "replay")

    assert (status, replayed) == (0, listed)
    eventually(lambda: effects.applied(committing_session_factory, envelope), what="the replay")
    assert ready_in(channel, topology.dead_letters) == 0
    properties, copy = get_message(channel, observed)  # through the exchange, as it came first
    assert (copy, properties.message_id, properties.type) == (body, str(envelope.id), EVENT)
    assert POISON_REASON not in (properties.headers or {})


def test_two_dead_copies_of_one_event_replayed_are_applied_once_and_both_acked(
    start_consumer, send, effects, committing_session_factory, rabbitmq, channel, topology
):
    envelope = a_thing()
    effects.fail(envelope, PoisonMessage("not yet"), PoisonMessage("not yet"))
    start_consumer()
    send(envelope)
    send(envelope)
    eventually(lambda: ready_in(channel, topology.dead_letters) == 2, what="two dead letters")

    status, replayed = dead_letters(rabbitmq, topology, "replay")
    settled(send, effects, committing_session_factory)

    assert status == 0
    assert [letter["message_id"] for letter in replayed] == [str(envelope.id)] * 2
    assert effects.applied(committing_session_factory, envelope) == 1
    assert len(effects.times_called(envelope)) == 3  # twice refused, once applied
    assert ready_in(channel, topology.dead_letters) == 0
    assert ready_in(channel, topology.queue(EVENT)) == 0


def test_a_replayed_event_applied_meanwhile_is_skipped_by_the_inbox_and_acked(
    start_consumer, send, effects, committing_session_factory, rabbitmq, channel, topology
):
    envelope = a_thing()
    effects.fail(envelope, PoisonMessage("not yet"))
    start_consumer()
    send(envelope)
    eventually(lambda: ready_in(channel, topology.dead_letters), what="the dead letter")
    send(envelope)  # redelivered by its producer, and applied this time
    eventually(lambda: effects.applied(committing_session_factory, envelope), what="the event")

    assert dead_letters(rabbitmq, topology, "replay")[0] == 0
    settled(send, effects, committing_session_factory)

    assert effects.applied(committing_session_factory, envelope) == 1
    assert len(effects.times_called(envelope)) == 2  # the replay never reached the handler
    assert ready_in(channel, topology.dead_letters) == 0


def test_a_replay_of_chosen_ids_leaves_the_others_in_their_order(
    start_consumer, send, effects, committing_session_factory, rabbitmq, channel, topology
):
    first, chosen, last = a_thing(), a_thing(), a_thing()
    for envelope in (first, chosen, last):
        effects.fail(envelope, PoisonMessage("not yet"))
    start_consumer()
    for envelope in (first, chosen, last):
        send(envelope)
    eventually(lambda: ready_in(channel, topology.dead_letters) == 3, what="three dead letters")

    status, replayed = dead_letters(rabbitmq, topology, "replay", "--id", str(chosen.id))
    settled(send, effects, committing_session_factory)

    assert (status, [letter["message_id"] for letter in replayed]) == (0, [str(chosen.id)])
    assert effects.applied(committing_session_factory, chosen) == 1
    _, left = dead_letters(rabbitmq, topology, "list")
    assert [letter["message_id"] for letter in left] == [str(first.id), str(last.id)]


def test_a_dead_letter_that_cannot_be_published_again_stays_and_stops_the_replay(
    start_consumer, rabbitmq, channel, topology
):
    start_consumer()  # declares the dead-letter exchange and queue
    stranded, after = a_thing(), a_thing()
    for envelope, routing_key in ((stranded, "nobody.listens"), (after, EVENT)):
        properties = pika.BasicProperties(
            content_type="application/json",
            delivery_mode=pika.DeliveryMode.Persistent,
            message_id=str(envelope.id),
            type=EVENT,
            headers={
                POISON_REASON: "a handler refused it",
                ORIGINAL_EXCHANGE: topology.exchange,
                ORIGINAL_ROUTING_KEY: routing_key,
            },
        )
        channel.basic_publish(topology.dead_letters, EVENT, serialize(envelope), properties)

    with rabbitmq.connect() as connection, pytest.raises(ReplayFailed) as failed:
        replay(connection, topology.dead_letters)

    assert str(failed.value).startswith(f"{stranded.id} not replayed: UnroutableError")
    assert failed.value.replayed == []
    assert dead_letters(rabbitmq, topology, "replay") == (1, [])  # the command says so too
    _, left = dead_letters(rabbitmq, topology, "list")
    assert [letter["message_id"] for letter in left] == [str(stranded.id), str(after.id)]
