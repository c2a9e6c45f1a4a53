"""can-i-deploy's pieces without a run: verdicts from a verifier's report, the store, the file."""

import json

import pytest

from testkit.deploy import environments
from testkit.deploy.history import Refused
from testkit.deploy.matrix import Cell, Pact, Verdict, Verdicts, Version, lines, verdict
from testkit.deploy.runs import owner

PACT = {
    "consumer": {"name": "payments"},
    "provider": {"name": "orders-events"},
    "interactions": [{"description": "an order.placed event", "type": "Asynchronous/Messages"}],
}


@pytest.fixture
def pact(tmp_path) -> Pact:
    path = tmp_path / "payments-orders-events.json"
    path.write_text(json.dumps(PACT))
    return Pact.read(path)


def reported(tmp_path, result: str, errors: list[dict]) -> object:
    reports = tmp_path / "reports"
    reports.mkdir()
    interaction = {
        "consumer": "payments",
        "provider": "orders-events",
        "description": "an order.placed event",
        "result": result,
    }
    results = {"interactionResults": [interaction], "errors": errors}
    (reports / "orders-events.json").write_text(json.dumps(results))
    return reports


def test_a_pact_whose_every_interaction_the_provider_verified_passes(tmp_path, pact):
    found = verdict(pact, reported(tmp_path, "OK", []), "unused")

    assert found == Verdict(True, "1/1 interactions verified")


def test_a_mismatch_is_said_without_the_pair_the_row_already_names(tmp_path, pact):
    between = "Verifying a pact between payments and orders-events"
    error = {
        "interaction": f"{between} - an order.placed event",
        "mismatch": {"mismatches": [{"path": "$.data", "mismatch": "missing total_cents"}]},
    }
    other = {**error, "interaction": "Verifying a pact between catalog and orders-events - x"}

    found = verdict(pact, reported(tmp_path, "Failed", [error, other]), "unused")

    assert found == Verdict(False, "an order.placed event: $.data missing total_cents")


def test_a_pact_the_provider_never_reported_on_is_not_verified(tmp_path, pact):
    found = verdict(pact, tmp_path / "nothing", "ImportError: no module named users")

    assert found == Verdict(False, "not verified: ImportError: no module named users")


def test_verdicts_are_kept_by_both_commits_and_the_pacts_hash(tmp_path, pact):
    kept = Verdicts(tmp_path / "verdicts")
    cell = Cell(Version("payments", "a" * 40), Version("orders", "b" * 40), pact)
    kept.put(cell, Verdict(False, "why"))

    assert kept.get(cell) == Verdict(False, "why")
    assert kept.get(Cell(cell.consumer, Version("orders", "c" * 40), pact)) is None


def test_events_are_served_by_the_member_they_are_named_after():
    members = {"orders", "users"}

    assert owner("orders-events", members) == "orders"
    assert owner("users", members) == "users"
    assert owner("payments-events", members) is None


def test_the_matrix_has_a_brokers_columns(tmp_path, pact):
    assert lines([])[0].split() == [
        "CONSUMER",
        "C.VERSION",
        "PROVIDER",
        "P.VERSION",
        "PACT",
        "SUCCESS?",
        "WHY",
    ]


def test_a_deployment_is_recorded_one_service_a_line_in_name_order(tmp_path):
    environments.record(tmp_path, "production", "users", "1" * 40)
    environments.record(tmp_path, "production", "catalog", "2" * 40)

    written = (tmp_path / "deployments" / "production.json").read_text()
    assert written == json.dumps({"catalog": "2" * 40, "users": "1" * 40}, indent=2) + "\n"
    assert environments.deployed(tmp_path, "production") == {"catalog": "2" * 40, "users": "1" * 40}


def test_an_environment_with_nothing_recorded_is_refused_with_how_to_record(tmp_path):
    with pytest.raises(Refused, match=r"record-deployment -- <service> <ref> staging"):
        environments.deployed(tmp_path, "staging")
