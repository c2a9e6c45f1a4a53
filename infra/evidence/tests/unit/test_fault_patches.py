"""A fault patch's header says what it is, the rules it keeps, and the committed ones keep them."""

from pathlib import Path

import pytest
from evidence.fault_patches import CLASSES, BadFault, load, parse, problems, uncovered

ROOT = Path(__file__).resolve().parents[4]


def diff(*paths: str) -> str:
    return "".join(
        f"diff --git a/{path} b/{path}\n--- a/{path}\n+++ b/{path}\n@@ -1 +1 @@\n-a\n+b\n"
        for path in paths
    )


def patch(
    *paths: str,
    kind: str = "domain-rule",
    owner: str = "unit",
    reach: str = "integration, unit",
    name: str = "07-orders-total.patch",
):
    header = f"Description: The total forgets quantities.\nClass: {kind}\nOwner: {owner}\n"
    text = f"{header}Reach: {reach}\n\n{diff(*paths or ('services/orders/src/orders/domain.py',))}"
    return parse(Path(name), text)


def test_the_header_and_the_diff_give_the_fault_its_id_class_owner_reach_and_files():
    fault = patch("services/orders/src/orders/domain.py", "services/orders/src/orders/events.py")

    assert fault.id == "orders-total"
    assert (fault.description, fault.kind, fault.owner) == (
        "The total forgets quantities.",
        "domain-rule",
        "unit",
    )
    assert fault.reach == ("unit", "integration")  # in the pyramid's order, however written
    assert fault.files == (
        "services/orders/src/orders/domain.py",
        "services/orders/src/orders/events.py",
    )
    assert problems(fault) == []


def test_a_header_missing_a_line_or_a_file_without_a_diff_is_refused():
    with pytest.raises(BadFault, match="no Owner, Reach line"):
        parse(Path("x.patch"), "Description: d\nClass: domain-rule\n\n" + diff("a.py"))
    with pytest.raises(BadFault, match="no `diff --git`"):
        parse(Path("x.patch"), "Description: d\n")


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"owner": "contract"}, "its owner, contract, is not in its Reach"),
        ({"owner": "acceptance"}, "unknown owner 'acceptance'"),
        ({"kind": "typo"}, "unknown class 'typo'"),
        ({"reach": "unit, smoke"}, "unknown layers in Reach: smoke"),
    ],
)
def test_an_owner_outside_the_reach_or_an_unknown_name_is_a_problem(fields, problem):
    assert problem in " ".join(problems(patch(**fields)))


def test_a_fault_never_edits_the_committed_pacts():
    fault = patch("services/orders/src/orders/events.py", "contracts/payments-orders-events.json")

    assert problems(fault) == [
        "07-orders-total.patch: contracts/payments-orders-events.json: "
        "the committed pacts are never changed"
    ]


def test_a_fault_other_than_a_providers_change_leaves_every_test_alone():
    fault = patch("services/orders/src/orders/domain.py", "services/orders/tests/unit/test_d.py")

    assert problems(fault) == [
        "07-orders-total.patch: services/orders/tests/unit/test_d.py: "
        "a domain-rule fault changes no test"
    ]


def test_a_provider_updates_its_own_unit_and_integration_tests_and_no_one_elses():
    fault = patch(
        "services/users/src/users/schemas.py",
        "services/users/tests/integration/test_api.py",
        "services/users/tests/unit/test_schemas.py",
        "services/users/tests/contract/test_provider.py",
        "services/orders/tests/integration/test_clients.py",
        kind="provider-field",
        owner="contract",
        reach="unit, integration, contract",
    )

    assert [problem.split(": ")[1] for problem in problems(fault)] == [
        "services/orders/tests/integration/test_clients.py",
        "services/users/tests/contract/test_provider.py",
    ]


def test_the_classes_no_fault_stands_for_are_named():
    faults = [patch(kind=kind) for kind in CLASSES if kind != "outbox"]

    assert uncovered(faults) == ["outbox"]


def test_every_committed_fault_describes_itself_and_every_class_of_bug_has_one():
    faults = load(ROOT / "infra" / "faults")

    assert len(faults) >= 20
    assert [problem for fault in faults for problem in problems(fault)] == []
    assert uncovered(faults) == []
    assert len({fault.id for fault in faults}) == len(faults)
