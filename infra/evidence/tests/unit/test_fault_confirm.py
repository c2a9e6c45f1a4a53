"""A layer's failure counts only when it is the fault's; a test failing without it is set aside.

nox is played by a small script: it runs "integration(orders)" and fails its one test unless
that test is deselected, writing the JUnit report as the real session does.
"""

import sys
from pathlib import Path

import pytest
from evidence.fault_layers import NoxLayer
from evidence.fault_matrix import CAUGHT, MISSED
from evidence.fault_outcomes import Failure

FAKE_NOX = """
import sys, pathlib
print("nox > Running session integration(orders)")
pathlib.Path("calls.txt").open("a").write(" ".join(sys.argv[1:]) + "\\n")
deselected = "--deselect" in sys.argv
failure = "" if deselected else '<failure message="AssertionError: assert 503 == 201"/>'
case = f'<testcase classname="tests.integration.test_api.TestTimeouts" name="test_t[a-b]">'
report = pathlib.Path(".reports/junit/integration-orders.xml")
report.parent.mkdir(parents=True, exist_ok=True)
report.write_text(f"<testsuite>{case}{failure}</testcase></testsuite>")
sys.exit(0 if deselected else 1)
"""
NODEID = "tests/integration/test_api.py::TestTimeouts::test_t[a-b]"


@pytest.fixture
def layer(tmp_path: Path) -> NoxLayer:
    copy = tmp_path / "copy"
    (copy / "services/orders/tests/integration").mkdir(parents=True)
    (copy / "services/orders/tests/integration/test_api.py").write_text("")
    (tmp_path / "nox.py").write_text(FAKE_NOX)
    nox = [sys.executable, str(tmp_path / "nox.py")]
    return NoxLayer(copy, nox, {}, tmp_path / "logs", {"orders": "services/orders"})


def calls(layer: NoxLayer) -> list[str]:
    return (layer.copy / "calls.txt").read_text().splitlines()


def test_a_failure_that_is_the_faults_is_a_catch_after_one_run(layer):
    asked: list[Failure] = []

    run = layer.run("f.integration", ["integration(orders)"], timeout=60, confirm=asked.append)

    assert run.outcome == CAUGHT
    assert (run.evidence, run.message) == (
        "integration-orders: TestTimeouts::test_t[a-b]",
        "assert 503 == 201",
    )
    assert [failure.name for failure in asked] == ["test_t[a-b]"]
    assert calls(layer) == ["--nocolor --stop-on-first-error --sessions integration(orders) -- -x"]


def test_a_test_failing_without_the_fault_too_is_set_aside_and_the_layer_run_again(layer):
    run = layer.run(
        "f.integration", ["integration(orders)"], timeout=60, confirm=lambda failure: False
    )

    assert run.outcome == MISSED
    assert run.flaky == ("integration-orders: TestTimeouts::test_t[a-b]",)
    assert calls(layer)[1].endswith(f"-- -x --deselect {NODEID}")


def test_without_confirming_the_layer_runs_once_as_it_is(layer):
    run = layer.run("f.contract", ["integration(orders)"], timeout=60, confirm=None)

    assert run.outcome == CAUGHT
    assert calls(layer) == ["--nocolor --stop-on-first-error --sessions integration(orders)"]


def test_a_failing_test_has_the_node_id_of_its_file_class_and_parameters(layer):
    failure = Failure(
        "w", "m", "integration-orders", "tests.integration.test_api.TestTimeouts", "test_t[a-b]"
    )

    assert layer.nodeid(failure) == NODEID
