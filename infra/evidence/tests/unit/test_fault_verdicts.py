"""The verdict rules: the owner must catch its fault, and some layer must catch every fault."""

from pathlib import Path

import pytest
from evidence.fault_matrix import (
    BROKEN,
    CAUGHT,
    MISSED,
    NOT_RUN,
    FaultResult,
    LayerRun,
    failed,
)
from evidence.fault_patches import Fault


def result(owner: str, **outcomes: str) -> FaultResult:
    reach = tuple(outcomes)
    fault = Fault("f", Path("01-f.patch"), "d", "domain-rule", owner, reach, ("a.py",))
    return FaultResult(fault, {layer: LayerRun(o, 1.0) for layer, o in outcomes.items()})


def test_a_fault_its_owner_caught_is_ok_whatever_the_other_layers_did():
    assert result("unit", unit=CAUGHT, integration=MISSED).verdict == "ok"
    assert result("integration", unit=CAUGHT, integration=CAUGHT).verdict == "ok"


def test_a_fault_another_layer_caught_but_its_owner_missed_fails_as_owner_missed():
    assert result("integration", unit=CAUGHT, integration=MISSED).verdict == "owner missed"


def test_an_owner_whose_run_was_broken_did_not_catch_the_fault_and_the_verdict_says_so():
    assert result("integration", unit=CAUGHT, integration=BROKEN).verdict == "owner broken"
    assert result("unit", unit=BROKEN).verdict == "owner broken"


def test_a_broken_run_in_another_layer_leaves_an_owners_catch_ok():
    assert result("integration", unit=BROKEN, integration=CAUGHT).verdict == "ok"


def test_a_fault_no_layer_caught_escaped_even_when_its_owner_was_not_the_only_one_run():
    assert result("contract", unit=MISSED, integration=MISSED, contract=MISSED).verdict == "escaped"
    assert result("integration", unit=MISSED, integration=MISSED).verdict == "escaped"


def test_a_layer_outside_the_reach_counts_as_not_run_and_never_as_a_catch():
    fault = result("unit", unit=CAUGHT)

    assert fault.run("e2e").outcome == NOT_RUN
    assert fault.first_catch == "unit"


def test_the_first_catch_is_the_cheapest_layer_that_caught_it():
    assert result("e2e", integration=MISSED, contract=CAUGHT, e2e=CAUGHT).first_catch == "contract"
    assert result("e2e", e2e=MISSED).first_catch is None


@pytest.mark.parametrize(
    ("outcomes", "failing"),
    [
        ({"unit": CAUGHT}, False),
        ({"unit": MISSED, "integration": CAUGHT}, True),
        ({"unit": MISSED}, True),
        ({"unit": BROKEN, "integration": CAUGHT}, True),
    ],
)
def test_the_run_fails_with_every_fault_that_is_not_ok(outcomes, failing):
    results = [result("unit", unit=CAUGHT), result("unit", **outcomes)]

    assert failed(results) == ([results[1]] if failing else [])
