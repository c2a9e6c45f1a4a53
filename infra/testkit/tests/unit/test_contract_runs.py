"""One process per member: it verifies the committed pacts; only what it wrote counts as fresh."""

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from testkit.runner.contract_runs import Pipeline, Run
from testkit.runner.side_by_side import Job, Outcome
from testkit.workspace import Member


def pact(consumer: str, provider: str) -> str:
    return json.dumps({"consumer": {"name": consumer}, "provider": {"name": provider}})


@dataclass(frozen=True)
class Recorded(Pipeline):
    """Runs no process: each job's $PACT_DIR is listed, and `orders` writes its pact again."""

    seen: dict[str, list[str]] = field(default_factory=dict)

    def side_by_side(self, jobs: list[Job], *, quiet: bool = False) -> list[Outcome]:
        for job in jobs:
            folder = Path(job.env["PACT_DIR"])
            self.seen[job.name] = sorted(p.name for p in folder.glob("*.json"))
            if "consumer tests of orders" in job.name:
                (folder / "orders-users.json").write_text(pact("orders", "users") + "\n")
        return [Outcome(job, True, (0.1,), "") for job in jobs]


@pytest.fixture
def pipeline(tmp_path: Path) -> Recorded:
    (tmp_path / "contracts").mkdir()
    (tmp_path / "contracts" / "orders-users.json").write_text(pact("orders", "users"))
    (tmp_path / "contracts" / "payments-orders-events.json").write_text(
        pact("payments", "orders-events")
    )
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    return Recorded(tmp_path, tmp_path / ".nox", fresh, tmp_path / "reports", {})


def runs(tmp_path: Path) -> tuple[list[Run], list[Run]]:
    orders, users = Member("orders", tmp_path / "orders"), Member("users", tmp_path / "users")
    consumers = [Run(orders, (orders.folder / "test_users_consumer.py",))]
    providers = [
        Run(orders, (orders.folder / "test_provider.py",), provider=True),
        Run(users, (users.folder / "test_provider.py",), provider=True),
    ]
    return consumers, providers


def test_a_member_runs_its_consumer_and_provider_tests_in_one_process(pipeline, tmp_path):
    outcomes = pipeline.at_once(*runs(tmp_path))

    assert [outcome.job.name for outcome in outcomes] == [
        "consumer tests of orders and provider verification of orders",
        "provider verification of users",
    ]
    assert outcomes[0].job.commands[0][-3:-1] == (
        str(tmp_path / "orders" / "test_users_consumer.py"),
        str(tmp_path / "orders" / "test_provider.py"),
    )


def test_a_member_verifies_the_committed_pacts_but_never_finds_its_own_written_ones(
    pipeline, tmp_path
):
    pipeline.at_once(*runs(tmp_path))

    assert pipeline.seen == {
        "consumer tests of orders and provider verification of orders": [
            "payments-orders-events.json"
        ],
        "provider verification of users": ["orders-users.json", "payments-orders-events.json"],
    }


def test_only_what_the_consumers_wrote_is_gathered_as_fresh(pipeline, tmp_path):
    pipeline.at_once(*runs(tmp_path))

    assert sorted(p.name for p in pipeline.pacts.glob("*.json")) == ["orders-users.json"]
    assert (pipeline.pacts / "orders-users.json").read_text() == pact("orders", "users") + "\n"
