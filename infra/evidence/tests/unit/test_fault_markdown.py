"""docs/fault-matrix.md: verdicts kept apart from times, so a fresh run can be compared with it."""

import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

from evidence.fault_matrix import CAUGHT, MISSED, FaultResult, LayerRun, findings
from evidence.fault_patches import Fault
from evidence.fault_picture import picture
from evidence.fault_report import disagreements, document, stale, verdicts
from evidence.fault_tables import verdict_table
from evidence.faults import as_json


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
        "unit": LayerRun(CAUGHT, unit_seconds, ("unit(orders)",), "unit-orders: test_domain::t"),
        "integration": LayerRun(integration, 12.25, ("integration(orders)",)),
    }
    return [FaultResult(total, runs)]


def test_the_verdict_row_shows_each_layers_outcome_the_owners_in_bold_and_no_time():
    [header, _, row] = verdict_table(matrix())

    assert header == "| fault | class | owner | unit | integration | contract | e2e | verdict |"
    assert row == (
        "| `orders-total` | domain-rule | unit | **caught** | missed | not run | not run | ok |"
    )


def test_times_are_a_table_of_their_own_a_run_that_caught_nothing_in_brackets():
    text = document(matrix(), run_facts=["- Faults: 1"])

    assert "| `orders-total` | 1.5 | (12.2) | - | - |" in text


def test_the_first_failure_and_the_description_are_shown_with_pipes_escaped():
    text = document(matrix(), run_facts=[])

    assert "| `orders-total` | unit | unit-orders: test_domain::t |" in text
    assert "The total \\| forgets quantities." in text


def test_two_runs_that_differ_only_in_their_times_agree():
    first = document(matrix(unit_seconds=1.5), run_facts=["- Date: today"])
    second = document(matrix(unit_seconds=9.0), run_facts=["- Date: tomorrow"])

    assert first != second
    assert disagreements(first, second) == []


def test_a_run_in_which_a_layer_did_something_else_disagrees_naming_the_row():
    committed = document(matrix(integration=MISSED), run_facts=[])
    fresh = document(matrix(integration=CAUGHT), run_facts=[])

    assert disagreements(committed, fresh) == [
        "- | `orders-total` | domain-rule | unit | **caught** | missed | not run | not run | ok |",
        "+ | `orders-total` | domain-rule | unit | **caught** | caught | not run | not run | ok |",
    ]


def test_a_document_without_a_verdict_table_has_no_verdicts():
    assert verdicts("# something else\n") == []


def test_the_picture_is_svg_with_one_cell_per_fault_and_layer_and_the_owner_framed():
    svg = ET.fromstring(picture(matrix(), title="Faults"))  # noqa: S314 (our own output)

    rects = svg.findall("{http://www.w3.org/2000/svg}rect")
    cells = [r for r in rects if r.get("width") == "120"]
    assert len(cells) == 4
    assert [c.get("stroke-width") for c in cells] == ["3", None, None, None]
    assert "caught 1.5 s" in [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]


def test_a_committed_matrix_that_shows_every_fault_as_it_is_is_not_stale():
    results = matrix()
    committed = document(results, run_facts=[])

    assert stale(committed, [r.fault for r in results]) == []


def test_a_fault_added_or_whose_owner_or_reach_changed_makes_the_matrix_stale():
    [result] = matrix()
    committed = document([result], run_facts=[])
    moved = replace(result.fault, owner="integration")
    wider = replace(result.fault, reach=("unit", "integration", "contract"))
    added = replace(result.fault, id="new-fault")

    assert stale(committed, [moved]) == ["orders-total"]
    assert stale(committed, [wider]) == ["orders-total"]
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
    assert "- Caught by the contract layer alone: none" in found


def test_an_owner_that_missed_its_fault_is_drawn_dark_and_its_verdict_with_it():
    [result] = matrix()
    missed = FaultResult(result.fault, {"unit": LayerRun(MISSED, 2.0)})

    svg = picture([missed], title="Faults")

    assert 'fill="#c62828" stroke="#000000" stroke-width="3"' in svg
    assert 'fill="#c62828">escaped</text>' in svg


def test_the_results_are_also_kept_as_json_for_other_tools():
    [result] = matrix()

    kept = as_json(result)

    assert (kept["id"], kept["owner"], kept["verdict"]) == ("orders-total", "unit", "ok")
    assert kept["layers"]["unit"]["outcome"] == CAUGHT
    assert json.loads(json.dumps(kept))["layers"]["unit"]["sessions"] == ["unit(orders)"]
