"""docs/fault-matrix.md: verdicts kept apart from times, so a fresh run can be compared with it."""

import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from evidence.fault_matrix import BROKEN, CAUGHT, MISSED, FaultResult, LayerRun, TestRef, findings
from evidence.fault_patches import LAYERS, Fault
from evidence.fault_picture import picture
from evidence.fault_report import disagreements, render, stale, verdicts
from evidence.fault_results import ALL_LAYERS, REACH, CannotMerge, merge, results
from evidence.fault_results import document as results_file
from evidence.fault_tables import verdict_table
from evidence.faults import shard

TEST = TestRef(
    "unit-orders",
    "services/orders",
    "tests/unit/test_domain.py::t",
    "services/orders/tests/unit/test_domain.py",
    7,
)


def document(found: list[FaultResult], *, run_facts: list[str], mode: str = REACH) -> str:
    data = results_file(found, mode=mode, columns=LAYERS, baseline={}, facts=run_facts)
    return render(json.loads(json.dumps(data)))


def matrix(*, unit_seconds: float = 1.5, integration: str = MISSED) -> list[FaultResult]:
    total = Fault(
        "orders-total",
        Path("21-orders-total.patch"),
        "The total | forgets quantities.",
        "domain-rule",
        "unit",
        ("unit", "integration"),
        ("services/orders/src/orders/domain.py",),
    )
    runs = {
        "unit": LayerRun(
            CAUGHT, unit_seconds, ("unit(orders)",), "unit-orders: test_domain::t", test=TEST
        ),
        "integration": LayerRun(integration, 12.25, ("integration(orders)",)),
    }
    return [FaultResult(total, runs)]


def test_the_verdict_row_shows_each_layers_outcome_the_owners_in_bold_and_no_time():
    [header, _, row] = verdict_table(matrix(), LAYERS)

    assert header == (
        "| fault | class | owner | unit | integration | contract | e2e | verdict | broken (why)"
        " | failed first |"
    )
    assert row == (
        "| `orders-total` | domain-rule | unit | **caught** | missed | not run | not run | ok | - |"
        " [services/orders/tests/unit/test_domain.py:7](../services/orders/tests/unit/"
        "test_domain.py#L7) |"
    )


def test_times_are_a_table_of_their_own_a_run_that_caught_nothing_in_brackets():
    text = document(matrix(), run_facts=["- Faults: 1"])

    assert "| `orders-total` | 1.5 | (12.2) | - | - |" in text


def test_the_first_failure_and_the_description_are_shown_with_pipes_escaped():
    text = document(matrix(), run_facts=[])

    assert "| `orders-total` | unit | unit-orders: test_domain::t | [services/" in text
    assert "The total \\| forgets quantities." in text


def test_two_runs_that_differ_only_in_their_times_agree():
    first = document(matrix(unit_seconds=1.5), run_facts=["- Date: today"])
    second = document(matrix(unit_seconds=9.0), run_facts=["- Date: tomorrow"])

    assert first != second
    assert disagreements(first, second) == []


def test_a_run_in_which_a_layer_did_something_else_disagrees_naming_the_row():
    committed = document(matrix(integration=MISSED), run_facts=[])
    fresh = document(matrix(integration=CAUGHT), run_facts=[])

    [old, new] = disagreements(committed, fresh)
    assert old.startswith("- | `orders-total` | domain-rule | unit | **caught** | missed |")
    assert new.startswith("+ | `orders-total` | domain-rule | unit | **caught** | caught |")


def test_a_document_without_a_verdict_table_has_no_verdicts():
    assert verdicts("# something else\n") == []


def test_the_picture_is_svg_with_one_cell_per_fault_and_layer_and_the_owner_framed():
    svg = ET.fromstring(picture(matrix(), LAYERS, title="Faults"))  # noqa: S314 (our own output)

    rects = svg.findall("{http://www.w3.org/2000/svg}rect")
    cells = [r for r in rects if r.get("width") == "120"]
    assert len(cells) == 4
    assert [c.get("stroke-width") for c in cells] == ["3", None, None, None]
    assert "caught 1.5 s" in [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]


def test_a_committed_matrix_that_shows_every_fault_as_it_is_is_not_stale():
    results = matrix()
    committed = document(results, run_facts=[])

    assert stale(committed, [r.fault for r in results]) == []


def test_a_fault_added_or_whose_owner_changed_makes_the_matrix_stale():
    [result] = matrix()
    committed = document([result], run_facts=[])
    moved = replace(result.fault, owner="integration")
    added = replace(result.fault, id="new-fault")

    assert stale(committed, [moved]) == ["orders-total"]
    assert stale(committed, [result.fault, added]) == ["new-fault"]
    assert stale("", [result.fault]) == ["orders-total"]


def test_the_findings_name_the_faults_unit_tests_miss_and_integration_tests_catch():
    [result] = matrix(integration=CAUGHT)
    missed_by_unit = FaultResult(
        replace(result.fault, id="lock", owner="integration"),
        {"unit": LayerRun(MISSED, 1.0), "integration": LayerRun(CAUGHT, 2.0)},
    )

    found = findings([result, missed_by_unit])

    assert found[0] == ("- Every unit test passed and an integration test failed: `lock`")


def test_an_owner_that_missed_its_fault_is_drawn_dark_and_its_verdict_with_it():
    [result] = matrix()
    missed = FaultResult(result.fault, {"unit": LayerRun(MISSED, 2.0)})

    svg = picture([missed], LAYERS, title="Faults")

    assert 'fill="#c62828" stroke="#000000" stroke-width="3"' in svg
    assert 'fill="#c62828">escaped</text>' in svg


def test_the_report_is_a_pure_function_of_the_results_file_which_keeps_every_field():
    found = matrix()
    data = json.loads(
        json.dumps(results_file(found, mode=REACH, columns=LAYERS, baseline={}, facts=[]))
    )

    assert results(data) == [
        replace(found[0], fault=replace(found[0].fault, path=Path("21-orders-total.patch")))
    ]
    assert data["faults"][0]["verdict"] == "ok"
    assert render(data) == render(json.loads(json.dumps(data)))


def test_only_a_run_of_every_layer_says_what_one_layer_caught_alone():
    assert "alone" not in "".join(findings(matrix()))
    every = [
        FaultResult(
            matrix()[0].fault,
            {layer: LayerRun(CAUGHT if layer == "unit" else MISSED, 1.0) for layer in LAYERS},
        )
    ]
    assert "- Caught by e2e alone: none" in findings(every)
    assert "which makes no claim of a\nlayer catching a fault *alone*" in document(
        matrix(), run_facts=[]
    )


def test_a_broken_run_is_shown_with_its_reason_in_a_column_of_its_own():
    [result] = matrix()
    broken = FaultResult(
        result.fault,
        {**result.runs, "integration": LayerRun(BROKEN, 3.0, reason="pytest exited 2: x")},
    )

    [_, _, row] = verdict_table([broken], LAYERS)

    assert "| broken | not run | not run | ok | integration: pytest exited 2: x |" in row


def test_shards_are_every_nth_fault_and_merge_into_one_file_in_the_faults_order():
    faults = [replace(matrix()[0].fault, id=f"f{i}") for i in range(5)]

    slices = [shard(faults, f"{i}/2") for i in (1, 2)]
    assert [[f.id for f in part] for part in slices] == [["f0", "f2", "f4"], ["f1", "f3"]]
    parts = [
        results_file(
            [FaultResult(f, matrix()[0].runs) for f in part],
            mode=ALL_LAYERS,
            columns=LAYERS,
            baseline={"unit": {"sessions": ["unit(orders)"], "seconds": 1.0}},
            facts=["- Faults: n"],
            shard=f"{i}/2",
        )
        for i, part in enumerate(slices, 1)
    ]
    order = [f.id for f in faults]

    merged = merge(parts, order)

    assert [item["id"] for item in merged["faults"]] == order
    assert merged["shard"] is None
    with pytest.raises(CannotMerge, match="f1 is in two shards"):
        merge([parts[1], parts[1]], order)
    with pytest.raises(CannotMerge, match="no shard ran f1, f3"):
        merge([parts[0]], order)


def test_a_catch_is_alone_only_when_every_other_layer_ran_and_missed():
    fault = replace(matrix()[0].fault, id="pact", owner="contract")

    def with_unit(outcome: str) -> FaultResult:
        runs = {layer: LayerRun(MISSED, 1.0) for layer in LAYERS}
        return FaultResult(
            fault, {**runs, "contract": LayerRun(CAUGHT, 1.0), "unit": LayerRun(outcome)}
        )

    assert "- Caught by the contract layer alone: `pact`" in findings([with_unit(MISSED)])
    assert "- Caught by the contract layer alone: none" in findings([with_unit(BROKEN)])


def test_the_layers_of_one_fault_run_in_two_parts_are_joined_and_judged_as_one():
    fault = matrix()[0].fault  # owned by unit
    lower = FaultResult(fault, {"unit": LayerRun(MISSED, 1.0)})
    upper = FaultResult(fault, {"e2e": LayerRun(CAUGHT, 9.0)})
    parts = [
        results_file([part], mode=ALL_LAYERS, columns=[c], baseline={}, facts=[], shard="1/1")
        for part, c in ((upper, "e2e"), (lower, "unit"))
    ]

    [joined] = merge(parts, [fault.id])["faults"]

    assert list(joined["layers"]) == ["unit", "e2e"]
    assert joined["verdict"] == "owner missed"
    with pytest.raises(CannotMerge, match=r"orders-total is in two shards \(e2e\)"):
        merge([parts[0], parts[0]], [fault.id])
