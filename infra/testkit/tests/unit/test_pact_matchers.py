"""The envelope matchers: the type is fixed, the id and time match by shape only."""

import re

import pytest

from testkit.pact_matchers import ISO_8601_UTC, amqp_metadata, envelope


def test_the_type_and_data_are_literal_and_the_id_and_time_are_matchers():
    body = envelope("order.cancelled", {"order_id": 7})

    assert body["type"] == "order.cancelled"
    assert body["data"] == {"order_id": 7}
    assert body["id"].to_integration_json()["pact:matcher:type"] == "regex"
    assert body["occurred_at"].to_integration_json()["regex"] == ISO_8601_UTC


@pytest.mark.parametrize(
    ("occurred_at", "accepted"),
    [
        ("2026-11-25T19:31:46.123456Z", True),
        ("2026-11-25T19:31:46+00:00", True),
        ("2026-11-25T19:31:46", False),  # naive: docs/events.md wants UTC, said so
        ("2026-11-25T20:31:46+01:00", False),
    ],
)
def test_the_time_must_be_iso_8601_in_utc(occurred_at, accepted):
    assert bool(re.fullmatch(ISO_8601_UTC, occurred_at)) is accepted


def test_the_metadata_names_the_exchange_and_the_type_as_routing_key():
    assert amqp_metadata("order.placed", exchange="events") == {
        "exchange": "events",
        "routing_key": "order.placed",
    }
