"""The envelope matchers: the type is fixed, the id and time match by shape only."""

import re

import pytest

from testkit.pact.matchers import (
    ISO_8601_UTC,
    READ_VERSIONS,
    UUID,
    amqp_metadata,
    bearer,
    envelope,
    path_with_state_id,
    problem,
)


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


@pytest.mark.parametrize(
    ("version", "accepted"),
    [("1.0", True), ("1.12", True), ("2.0", False), ("1", False), ("11.0", False)],
)
def test_the_version_is_any_minor_of_the_major_the_consumer_reads(version, accepted):
    assert envelope("order.placed", {})["version"].to_integration_json()["regex"] == READ_VERSIONS
    assert bool(re.fullmatch(READ_VERSIONS, version)) is accepted


def test_the_metadata_names_the_exchange_and_the_type_as_routing_key():
    assert amqp_metadata("order.placed", exchange="events") == {
        "exchange": "events",
        "routing_key": "order.placed",
    }


def test_any_bearer_token_matches_and_the_consumers_own_is_the_example():
    matcher = bearer("orders-to-users").to_integration_json()

    assert matcher["value"] == "Bearer orders-to-users"
    assert re.fullmatch(matcher["regex"], "Bearer pact-verifier-token")
    assert not re.fullmatch(matcher["regex"], "Basic b3JkZXJz")


def test_a_path_with_a_state_id_takes_the_id_the_provider_state_answers():
    example = "0f8e7a52-2d7c-4c0e-9a51-6a1d3f1e2b40"

    matcher = path_with_state_id("/users/", example).to_integration_json()

    assert matcher["value"] == f"/users/{example}"
    assert matcher["regex"] == rf"^/users/{UUID}$"
    assert (matcher["pact:generator:type"], matcher["expression"]) == (
        "ProviderState",
        "/users/${id}",
    )
    assert not re.fullmatch(matcher["regex"], "/users/42")


def test_a_problem_is_any_type_and_exactly_the_status():
    body = problem(409)

    assert body["status"] == 409
    assert body["type"].to_integration_json()["pact:matcher:type"] == "type"
