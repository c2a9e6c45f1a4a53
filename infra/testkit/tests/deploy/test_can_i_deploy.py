"""can-i-deploy on a real history: the five questions of issue 20, each a real verification.

Each asks `Question.ask` in the temporary clone (conftest.py) with deployments/production.json
written for the case, and asserts the verdict and every row of the matrix, reason included.
"""

import os

import pytest

from testkit.deploy import environments
from testkit.deploy.cli import report, store_of
from testkit.deploy.history import FLOOR, Refused
from testkit.deploy.matrix import HEADER, Row
from testkit.deploy.question import Answer, Question

SERVICES = ("catalog", "notifications", "orders", "payments", "users")


def ask(history, service: str, commit: str, servers=dict, **deployed_at: str) -> Answer:
    """can-i-deploy `service` at `commit` to a production where every service runs at the base,
    but those named in `deployed_at` (service=commit)."""
    for name in SERVICES:
        environments.record(history.root, "production", name, deployed_at.get(name, history.base))
    question = Question(history.root, store_of(history.root), dict(os.environ), servers)
    return question.ask(service, commit, "production")


def no_run_allowed() -> dict[str, str]:
    raise AssertionError("a run was started: something was not kept")


def row(answer: Answer, consumer: str, provider: str) -> Row:
    (found,) = [r for r in answer.rows if (r.consumer, r.provider) == (consumer, provider)]
    return found


def verdicts(answer: Answer) -> list[tuple[str, str, bool]]:
    return [(r.consumer, r.provider, r.ok) for r in answer.rows]


def test_a_provider_renaming_a_field_an_older_deployed_consumer_reads_may_not_deploy(history):
    answer = ask(history, "users", history.users_renames_email)

    assert not answer.yes
    assert (
        row(answer, "notifications", "users")
        == Row(
            consumer="notifications",
            consumer_version=history.base[:12],  # the deployed commit, which still reads `email`
            provider="users",
            provider_version=history.users_renames_email[:12],
            pact="notifications-users.json (HTTP, 4)",
            ok=False,
            why="Given a user exists - a request for the recipient of a notification:"
            " $ Actual map is missing the following keys: email",
        )
    )
    # orders reads `email` too (its events carry the recipient): its deployed commit is as stuck.
    assert verdicts(answer) == [("notifications", "users", False), ("orders", "users", False)]


def test_the_same_rename_may_deploy_once_its_consumers_run_a_version_that_no_longer_reads_it(
    history,
):
    answer = ask(
        history,
        "users",
        history.users_renames_email,
        notifications=history.consumers_read_email_address,
        orders=history.consumers_read_email_address,
    )

    assert answer.yes
    assert row(answer, "notifications", "users") == Row(
        consumer="notifications",
        consumer_version=history.consumers_read_email_address[:12],
        provider="users",
        provider_version=history.users_renames_email[:12],
        pact="notifications-users.json (HTTP, 4)",
        ok=True,
        why="4/4 interactions verified",
    )
    assert verdicts(answer) == [("notifications", "users", True), ("orders", "users", True)]


def test_an_additive_change_in_the_provider_may_deploy(history):
    answer = ask(history, "users", history.users_adds_a_field)

    assert answer.yes
    assert [(r.consumer, r.consumer_version, r.provider_version, r.why) for r in answer.rows] == [
        (
            "notifications",
            history.base[:12],
            history.users_adds_a_field[:12],
            "4/4 interactions verified",
        ),
        ("orders", history.base[:12], history.users_adds_a_field[:12], "4/4 interactions verified"),
    ]


def test_a_consumer_whose_new_pact_needs_a_field_the_deployed_provider_lacks_may_not_deploy(
    history,
):
    answer = ask(history, "notifications", history.consumers_read_email_address)

    assert not answer.yes
    assert row(answer, "notifications", "users") == Row(
        consumer="notifications",
        consumer_version=history.consumers_read_email_address[:12],
        provider="users",
        provider_version=history.base[:12],  # the deployed provider, which answers `email`
        pact="notifications-users.json (HTTP, 4)",
        ok=False,
        why="Given a user exists - a request for the recipient of a notification:"
        " $ Actual map is missing the following keys: email_address",
    )
    # Its pact with orders' events is unchanged, and still verified by the deployed orders.
    assert verdicts(answer) == [
        ("notifications", "orders-events", True),
        ("notifications", "users", False),
    ]


def test_a_message_producer_dropping_a_field_an_older_deployed_consumer_reads_may_not_deploy(
    history, capsys
):
    answer = ask(history, "orders", history.orders_drops_total_cents)

    assert not answer.yes
    assert row(answer, "payments", "orders-events") == Row(
        consumer="payments",
        consumer_version=history.base[:12],
        provider="orders-events",
        provider_version=history.orders_drops_total_cents[:12],
        pact="payments-orders-events.json (messages, 1)",
        ok=False,
        why="an order.placed event: $.data Actual map is missing the following keys: total_cents",
    )
    # notifications reads order.confirmed's total, not order.placed's; catalog only the order id.
    assert verdicts(answer) == [
        ("orders", "catalog", True),
        ("orders", "payments-events", True),
        ("orders", "users", True),
        ("catalog", "orders-events", True),
        ("notifications", "orders-events", True),
        ("payments", "orders-events", False),
    ]


def test_a_consumer_whose_pact_needs_a_provider_state_the_deployed_provider_lacks_may_not_deploy(
    history,
):
    # The verifier retries a failed state change for two minutes unless can-i-deploy bounds it
    # (testkit/deploy/in_runs); the reason comes from what the bound records, not from a timer.
    answer = ask(history, "notifications", history.notifications_needs_a_new_state)
    new_state = history.new_state

    assert not answer.yes
    assert row(answer, "notifications", "users") == Row(
        consumer="notifications",
        consumer_version=history.notifications_needs_a_new_state[:12],
        provider="users",
        provider_version=history.base[:12],
        pact="notifications-users.json (HTTP, 4)",
        ok=False,
        why=f"Given {new_state} - a request for the recipient of a notification:"
        f' users has no provider state "{new_state}"',
    )
    assert verdicts(answer) == [
        ("notifications", "orders-events", True),
        ("notifications", "users", False),
    ]


def test_asking_again_runs_nothing_and_prints_the_matrix_a_broker_would(history, capsys):
    first = ask(history, "orders", history.orders_drops_total_cents)
    again = ask(history, "orders", history.orders_drops_total_cents, servers=no_run_allowed)

    assert again == first
    report(again, "O1", print)
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == (
        f"can-i-deploy orders at {history.orders_drops_total_cents[:12]} (O1) to production"
    )
    assert printed[2].split() == list(HEADER)
    catalog = ["orders", first.service.short, "catalog", history.base[:12], "orders-catalog.json"]
    assert printed[4].split()[:5] == catalog  # the first row, under the header's rule
    assert printed[-1] == "Computer says no: 1 of 6 failed (payments/orders-events)."


def test_a_consumer_commit_whose_pacts_did_not_change_meets_the_verdicts_already_made(
    history, monkeypatch
):
    first = ask(history, "notifications", history.consumers_read_email_address)
    ran = []
    run = Question.side_by_side

    def recording(question, jobs):
        ran.extend(job.name for job in jobs)
        return run(question, jobs)

    monkeypatch.setattr(Question, "side_by_side", recording)
    # U1 changes users alone, on top of N1: notifications' tests, so its pacts, are N1's bytes.
    again = ask(history, "notifications", history.users_renames_email)

    assert ran == [f"notifications {history.users_renames_email[:12]}"]  # its consumer run alone
    assert [r.consumer_version for r in again.rows] == [history.users_renames_email[:12]] * 2
    assert [(r.provider, r.provider_version, r.ok, r.why) for r in again.rows] == [
        (r.provider, r.provider_version, r.ok, r.why) for r in first.rows
    ]


def test_a_commit_older_than_the_tooling_is_refused_with_the_reason(history):
    older = history.commit_of(f"{FLOOR}~1")

    with pytest.raises(Refused) as refused:
        ask(history, "users", older, servers=no_run_allowed)

    assert str(refused.value) == (
        f"users at {older} is at {older[:12]}, older than {FLOOR[:12]}, the first commit whose"
        " contract tests write and verify pacts where can-i-deploy points them ($PACT_DIR,"
        " $PACT_REPORT_DIR): its contracts cannot be checked. Deploy it from a newer commit."
    )


def test_a_deployed_commit_older_than_the_tooling_is_refused_too(history):
    older = history.commit_of(f"{FLOOR}~1")

    with pytest.raises(Refused) as refused:
        ask(history, "users", history.base, servers=no_run_allowed, catalog=older)

    assert str(refused.value).startswith(
        f"catalog, deployed to production, is at {older[:12]}, older than {FLOOR[:12]}"
    )
