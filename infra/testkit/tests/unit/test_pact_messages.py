"""Message pacts' helpers: the interaction a consumer expects, what it does with a delivery, and
the message a producer's event becomes: what the real publisher hands the broker."""

import json
import uuid

import pytest
from pact import Pact, match

from chassis.messaging.envelope import new_envelope, serialize
from chassis.messaging.publisher import RabbitPublisher
from testkit.pact.messages import as_message, consume_with, expect_event
from testkit.stand_ins.recording import RecordingConnection


class RecordingSession:
    """The bit of a Session the handlers get here: it counts commits."""

    def __init__(self) -> None:
        self.commits = 0

    def commit(self) -> None:
        self.commits += 1


def test_an_expected_event_is_an_envelope_sent_as_json_by_its_type_to_the_exchange(tmp_path):
    pact = Pact("catalog", "orders-events").with_specification("V4")

    expect_event(
        pact, "an order.cancelled event", "order.cancelled", {"n": match.int(1)}, exchange="ex"
    )
    pact.write_file(tmp_path)

    (interaction,) = json.loads((tmp_path / "catalog-orders-events.json").read_text())[
        "interactions"
    ]
    assert interaction["description"] == "an order.cancelled event"
    assert interaction["contents"]["contentType"] == "application/json"
    assert interaction["contents"]["content"]["type"] == "order.cancelled"
    assert interaction["contents"]["content"]["data"] == {"n": 1}
    assert interaction["metadata"] == {
        "contentType": "application/json",
        "exchange": "ex",
        "routing_key": "order.cancelled",
    }


def test_a_delivery_is_parsed_handled_by_its_type_and_committed():
    handled, session = [], RecordingSession()
    handlers = {"order.cancelled": lambda s, event: handled.append((s, event))}
    event = new_envelope("order.cancelled", {"order_id": "x"})

    consume_with(handlers, session)(serialize(event).decode(), {"routing_key": "order.cancelled"})

    assert handled == [(session, event)]
    assert session.commits == 1


def test_a_routing_key_no_handler_takes_fails_before_anything_is_applied():
    session = RecordingSession()
    consume = consume_with({"order.cancelled": lambda s, event: None}, session)
    body = serialize(new_envelope("order.cancelled", {}))

    with pytest.raises(AssertionError):
        consume(body, {"routing_key": "order.placed"})
    assert session.commits == 0


def test_a_delivery_without_a_body_fails():
    with pytest.raises(AssertionError):
        consume_with({}, RecordingSession())(None, {"routing_key": "order.placed"})


def test_a_message_is_what_the_real_publisher_hands_the_broker():
    connection = RecordingConnection()
    publisher = RabbitPublisher(broker_url="amqp://unused", exchange="ex", connect=connection)
    event = new_envelope("order.placed", {"i": uuid.uuid4().hex})

    publisher.publish(event)

    [sent] = connection.sent
    assert sent.mandatory
    assert as_message(sent) == {
        "contents": serialize(event),
        "content_type": "application/json",
        "metadata": {"exchange": "ex", "routing_key": "order.placed"},
    }
