"""Versions on the real broker: a later minor is applied, a major the consumer does not read waits.

A minor version only adds fields, which the handler does not read; a major may change anything,
so its events are dead-lettered with the reason until the consumer reads that major (then they
are replayed: test_dead_letters.py).
"""

import json

from effects import EVENT, a_thing

from chassis.messaging.envelope import serialize
from testkit.polling import eventually
from testkit.servers.broker import get_message, publish


def test_an_event_of_a_major_the_consumer_does_not_read_is_dead_lettered_with_the_reason(
    start_consumer, send, effects, committing_session_factory, channel, topology
):
    newer, next_one = a_thing(), a_thing()
    start_consumer()

    publish(
        channel,
        topology.exchange,
        EVENT,
        serialize(newer.model_copy(update={"version": "2.0"})),
        str(newer.id),
    )
    send(next_one)

    properties, body = eventually(
        lambda: get_message(channel, topology.dead_letters), what="a dead letter"
    )
    assert properties.headers["x-poison-reason"] == (
        "version 2.0 is not read here: this consumer reads 1.x"
    )
    assert (properties.message_id, json.loads(body)["version"]) == (str(newer.id), "2.0")
    eventually(lambda: effects.applied(committing_session_factory, next_one), what="the next")
    assert effects.times_called(newer) == []


def test_a_later_minor_with_fields_the_consumer_does_not_know_is_applied_once(
    start_consumer, send, effects, committing_session_factory, channel, topology
):
    envelope, later = a_thing(), a_thing()
    body = {
        **json.loads(serialize(envelope)),
        "version": "1.4",
        "trace_id": "an envelope field added in 1.2",
        "data": {**envelope.data, "colour": "a payload field added in 1.4"},
    }
    start_consumer()

    for _ in range(2):  # and its redelivery
        publish(channel, topology.exchange, EVENT, json.dumps(body).encode(), str(envelope.id))
    send(later)

    # One queue, one consumer: once the later event is applied, both copies were handled.
    eventually(lambda: effects.applied(committing_session_factory, later), what="the later")
    assert effects.applied(committing_session_factory, envelope) == 1
    assert len(effects.times_called(envelope)) == 1
    assert get_message(channel, topology.dead_letters) is None
