"""The check after a contract run: drift from the committed pacts fails, and the matrix says why."""

import json
from pathlib import Path

import pytest

from testkit.runner.contract_check import check, drift, matrix

PACT = {
    "consumer": {"name": "orders"},
    "provider": {"name": "users"},
    "interactions": [
        {"description": "a request for user 1", "type": "Synchronous/HTTP"},
        {"description": "a request for nobody", "type": "Synchronous/HTTP"},
    ],
}

ALL = [interaction["description"] for interaction in PACT["interactions"]]


def report(*verified: str) -> dict:
    return {
        "interactionResults": [
            {"consumer": "orders", "provider": "users", "description": d, "result": "OK"}
            for d in verified
        ]
    }


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path, Path]:
    fresh, reports, committed = (tmp_path / name for name in ("fresh", "reports", "contracts"))
    for folder in (fresh, reports, committed):
        folder.mkdir()
    for folder in (fresh, committed):
        (folder / "orders-users.json").write_text(json.dumps(PACT, indent=2))
    return fresh, reports, committed


def test_identical_pacts_do_not_drift(folders):
    fresh, _, committed = folders

    assert drift(fresh, committed) == []


def test_a_pact_differing_by_one_byte_drifts(folders):
    fresh, _, committed = folders
    (fresh / "orders-users.json").write_text(json.dumps(PACT, indent=2) + "\n")

    assert drift(fresh, committed) == ["orders-users.json"]


def test_a_new_pact_and_a_pact_no_longer_written_both_drift(folders):
    fresh, _, committed = folders
    (fresh / "orders-catalog.json").write_text("{}")
    (committed / "payments-orders-events.json").write_text("{}")

    assert drift(fresh, committed) == ["orders-catalog.json", "payments-orders-events.json"]


def test_drift_fails_the_check_and_shows_the_diff(folders, capfd):
    fresh, reports, committed = folders
    (reports / "users.json").write_text(json.dumps(report(*ALL)))
    (fresh / "orders-users.json").write_text(json.dumps(PACT))

    assert check(fresh, reports, committed) is False

    output = capfd.readouterr().out
    assert "The consumers' pacts differ from those in contracts/: orders-users.json." in output
    assert "diff --git" in output


def test_update_copies_the_fresh_pacts_in_instead_of_failing(folders):
    fresh, reports, committed = folders
    (reports / "users.json").write_text(json.dumps(report(*ALL)))
    (fresh / "orders-users.json").write_text(json.dumps(PACT))

    assert check(fresh, reports, committed, update_committed=True) is True
    assert (committed / "orders-users.json").read_text() == json.dumps(PACT)


def test_the_matrix_counts_what_each_provider_verified(folders):
    fresh, reports, _ = folders
    (reports / "users.json").write_text(json.dumps(report("a request for user 1")))

    lines, complete = matrix(fresh, reports)

    assert lines[2].split() == ["orders", "users", "HTTP", "2", "1/2"]
    assert complete is False


def test_a_provider_that_never_reported_is_not_run_and_incomplete(folders):
    fresh, reports, _ = folders

    lines, complete = matrix(fresh, reports)

    assert lines[2].split()[-2:] == ["not", "run"]
    assert complete is False
