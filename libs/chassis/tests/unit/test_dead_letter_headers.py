"""A dead letter read back: where it was going, why it is here, what it goes back with."""

import pytest
from pika.spec import BasicProperties

from chassis.messaging.dead_letters import DeadLetter
from chassis.messaging.dead_letters.cli import main

EVENT = "thing.happened"


def dead_letter(**headers) -> DeadLetter:
    properties = BasicProperties(
        content_type="application/json",
        delivery_mode=2,
        message_id="m-1",
        type=EVENT,
        timestamp=1_700_000_000,
        headers={"x-trace": "t-1", **headers},
    )
    return DeadLetter(delivery_tag=3, routing_key=EVENT, properties=properties, body=b"{}")


def test_a_dead_letter_of_the_consumer_says_where_it_was_going_and_why():
    letter = dead_letter(
        **{
            "x-poison-reason": "thing_id: Field required",
            "x-original-exchange": "domain-events",
            "x-original-routing-key": "thing.renamed",
        }
    )

    assert letter.summary() == {
        "message_id": "m-1",
        "type": EVENT,
        "exchange": "domain-events",
        "routing_key": "thing.renamed",
        "reason": "thing_id: Field required",
    }


def test_a_dead_letter_of_the_broker_is_read_from_its_death_headers():
    letter = dead_letter(
        **{
            "x-death": [{"count": 1, "reason": "rejected", "exchange": "domain-events"}],
            "x-first-death-exchange": "domain-events",
            "x-first-death-reason": "rejected",
            "x-first-death-queue": "svc.thing.happened",
        }
    )

    summary = letter.summary()

    assert (summary["exchange"], summary["routing_key"]) == ("domain-events", EVENT)
    assert summary["reason"] == "rejected"


def test_the_default_exchange_is_an_exchange_and_a_letter_from_nowhere_has_none():
    assert dead_letter(**{"x-original-exchange": ""}).exchange == ""
    assert dead_letter().exchange is None


def test_it_goes_back_with_its_own_properties_and_without_what_dead_lettering_added():
    letter = dead_letter(
        **{
            "x-poison-reason": "no handler",
            "x-original-exchange": "domain-events",
            "x-original-routing-key": EVENT,
            "x-death": [{"count": 1}],
            "x-first-death-reason": "rejected",
            "x-last-death-queue": "svc.thing.happened",
        }
    )

    published = letter.as_published()

    assert published.headers == {"x-trace": "t-1"}
    assert (published.message_id, published.type, published.timestamp) == (
        "m-1",
        EVENT,
        1_700_000_000,
    )
    assert (published.content_type, published.delivery_mode) == ("application/json", 2)
    assert "x-poison-reason" in letter.properties.headers  # the letter itself is untouched


def test_the_command_line_needs_a_queue_and_explains_each_option(capsys):
    # main's argument parser alone: it stops (SystemExit) before any broker is reached.
    with pytest.raises(SystemExit) as missing:
        main(["list", "--url", "amqp://guest:guest@localhost/"])
    refused = capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--help"])
    shown = capsys.readouterr().out

    assert missing.value.code == 2
    assert "--queue" in refused
    assert "amqp://user:password@host/vhost" in shown
    assert "replay only this message id" in shown
