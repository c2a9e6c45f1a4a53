"""The judge judged: every way a run can go wrong is broken or not caught, never a catch.

nox is played by a small script that writes the JUnit report a case needs and exits as nox
would; docker by another that fails as compose would. Each tree is a few files in tmp_path.
"""

import sys
from pathlib import Path

import pytest
from evidence.fault_e2e import E2ELayer
from evidence.fault_judge import Doubles, Rerun, confirmation, crashed_double, disqualified
from evidence.fault_junit import CALL, COLLECTION, SETUP, Case, cases
from evidence.fault_layers import NoxLayer
from evidence.fault_matrix import BROKEN, CAUGHT, MISSED

ORDERS = "services/orders"
NODEID = "tests/unit/test_handlers.py::test_confirms"
FAKES = "class FakeSession:\n    def add(self, row):\n        raise RuntimeError('no rows here')\n"
# nox, played: it writes the report it was given for this attempt (or the last one), prints what
# nox prints, and exits with the status given beside the report.
FAKE_NOX = """
import json, pathlib, sys
calls = pathlib.Path("calls.txt")
calls.open("a").write(" ".join(sys.argv[1:]) + "\\n")
attempt = len(calls.read_text().splitlines()) - 1
script = json.loads(pathlib.Path("script.json").read_text())
xml, pytest_status = script[min(attempt, len(script) - 1)]
report = pathlib.Path(".reports/junit/unit-orders.xml")
report.parent.mkdir(parents=True, exist_ok=True)
report.write_text(xml)
print("nox > Running session unit(orders)")
if pytest_status:
    print(f"nox > Command pytest tests/unit -x failed with exit code {pytest_status}")
    print("nox > Session unit(orders) failed.")
sys.exit(1 if pytest_status else 0)
"""


def junit(*testcases: str) -> str:
    return f"<testsuites><testsuite>{''.join(testcases)}</testsuite></testsuites>"


def failing(name: str, body: str, *, error: str = "") -> str:
    classname = "tests.unit.test_handlers"
    if error:
        failure = f'<error message="{error}">{body}</error>'
        return f'<testcase classname="{classname}" name="{name}">{failure}</testcase>'
    message = next((line[4:] for line in body.splitlines() if line.startswith("E   ")), "")
    return (
        f'<testcase classname="{classname}" name="{name}">'
        f'<failure message="{message}">{body}</failure></testcase>'
    )


ASSERTION = failing(
    "test_confirms", "E   assert 503 == 201\n\ntests/unit/test_handlers.py:9: AssertionError"
)
FAKE_CRASH = failing(
    "test_confirms",
    "E   AttributeError: 'FakeSession' object has no attribute 'get_bind'\n\n"
    "src/orders/handlers.py:40: AttributeError",
)
COLLECTION_ERROR = (
    '<testcase classname="" name="tests.unit.test_handlers">'
    '<error message="collection failure">ImportError while importing test module</error></testcase>'
)
PASSING = '<testcase classname="tests.unit.test_handlers" name="test_confirms"/>'


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A workspace of one member whose tests define a fake session."""
    copy = tmp_path / "copy"
    tests = copy / ORDERS / "tests" / "unit"
    tests.mkdir(parents=True)
    (tests / "test_handlers.py").write_text("def test_confirms():\n    assert True\n")
    (tests / "fakes.py").write_text(FAKES)
    (tmp_path / "nox.py").write_text(FAKE_NOX)
    return copy


def layer_of(tree: Path, *script: tuple[str, int]) -> NoxLayer:
    import json

    (tree / "script.json").write_text(json.dumps(script))
    nox = [sys.executable, str(tree.parent / "nox.py")]
    return NoxLayer(tree, nox, {}, tree.parent / "logs", {"orders": ORDERS})


def run(layer: NoxLayer, confirm=lambda case, ref: ""):
    return layer.run("f.unit", ["unit(orders)"], timeout=60, confirm=confirm)


def test_a_real_assertion_confirmed_alone_both_ways_is_a_catch_linked_to_its_test(tree):
    asked = []

    found = run(layer_of(tree, (junit(ASSERTION), 1)), lambda case, ref: asked.append(ref) or "")

    assert found.outcome == CAUGHT
    assert found.message == "assert 503 == 201"
    [ref] = asked
    assert (ref.env, ref.nodeid) == ("unit-orders", NODEID)
    assert (found.test.file, found.test.line) == (f"{ORDERS}/tests/unit/test_handlers.py", 1)


def test_a_collection_error_is_broken_and_never_confirmed(tree):
    def never(case, ref):
        raise AssertionError("a collection error must not be run alone")

    found = run(layer_of(tree, (junit(COLLECTION_ERROR), 2)), never)

    assert found.outcome == BROKEN
    assert found.reason == "pytest exited 2: interrupted: a collection or import error"


def test_a_fixture_error_is_set_aside_and_with_nothing_else_failing_the_layer_is_broken(tree):
    setup = failing(
        "test_confirms",
        "E ValueError: boom",
        error="failed on setup with &quot;ValueError: boom&quot;",
    )
    layer = layer_of(tree, (junit(setup), 1), (junit(PASSING), 0))

    found = run(layer)

    assert found.outcome == BROKEN
    assert found.reason.startswith("only failures that do not count: unit-orders: test_handlers")
    assert "setup error" in found.reason
    assert (tree / "calls.txt").read_text().splitlines()[1].endswith(f"-- -x --deselect {NODEID}")


def test_a_fake_that_lacks_what_the_code_asks_is_broken_not_caught(tree):
    found = run(layer_of(tree, (junit(FAKE_CRASH), 1), (junit(PASSING), 0)))

    assert found.outcome == BROKEN
    assert "a test double crashed (FakeSession, defined in the tests)" in found.reason


def test_a_real_catch_behind_a_crashed_fake_still_counts(tree):
    found = run(layer_of(tree, (junit(FAKE_CRASH), 1), (junit(ASSERTION), 1)))

    assert found.outcome == CAUGHT
    assert "a test double crashed" in found.set_aside[0]


def test_a_rerun_alone_that_exits_2_is_not_a_catch(tree):
    doubles = Doubles(tree / ORDERS)
    [case] = [c for c in cases(junit(ASSERTION), "unit-orders") if c.phase]

    def confirm(case, ref):
        return confirmation(Rerun(2), Rerun(0), doubles, 60)

    found = run(layer_of(tree, (junit(ASSERTION), 1)), confirm)

    assert found.outcome == BROKEN
    assert "alone with the fault: pytest exited 2" in found.reason
    assert confirmation(Rerun(1, case), Rerun(2), doubles, 60).startswith(
        "alone without the fault: pytest exited 2"
    )


def test_a_test_that_also_fails_on_the_clean_tree_is_not_a_catch(tree):
    doubles = Doubles(tree / ORDERS)

    def confirm(case, ref):
        return confirmation(Rerun(1, case), Rerun(1, case), doubles, 60)

    found = run(layer_of(tree, (junit(ASSERTION), 1), (junit(PASSING), 0)), confirm)

    assert found.outcome == BROKEN
    assert "alone without the fault: it fails too" in found.reason


def test_a_patch_that_changes_nothing_the_tests_see_is_missed(tree):
    # A docstring edit: every test passes with it, so nothing is caught (and `--check`, which
    # needs the owning test to fail, says so: test_fault_check).
    found = run(layer_of(tree, (junit(PASSING), 0)))

    assert found.outcome == MISSED
    doubles = Doubles(tree / ORDERS)
    assert confirmation(Rerun(0), Rerun(0), doubles, 60) == "alone with the fault: it passed"


def test_a_tool_failing_before_pytest_is_broken(tree):
    layer = layer_of(tree, (junit(), 0))
    (tree.parent / "nox.py").write_text(
        "import sys\nprint('nox > Command uv sync --locked failed with exit code 2')\nsys.exit(1)\n"
    )

    found = run(layer)

    assert (found.outcome, found.reason) == (BROKEN, "`uv` failed with exit code 2")


def test_an_exception_raised_inside_a_test_double_is_a_crash_an_assertion_is_not(tree):
    doubles = Doubles(tree / ORDERS)
    raised_in_fake = Case(
        "unit-orders",
        "tests.unit.test_handlers",
        "test_x",
        CALL,
        "RuntimeError: no rows here",
        "tests/unit/test_handlers.py:5: \ntests/unit/fakes.py:3: RuntimeError",
    )
    production_key_error = Case(
        "unit-orders",
        "tests.unit.test_handlers",
        "test_x",
        CALL,
        "KeyError: 'email'",
        "tests/unit/test_handlers.py:5: \nsrc/orders/users.py:12: KeyError",
    )

    assert crashed_double(raised_in_fake, doubles).startswith(
        "a test double crashed (raised in FakeSession)"
    )
    assert crashed_double(production_key_error, doubles) == ""
    assert disqualified(Case("r", "", "tests.unit.x", COLLECTION, "boom"), doubles).startswith(
        "collection error"
    )
    assert disqualified(Case("r", "c", "t", SETUP, "boom"), doubles).startswith("setup error")


# docker compose, played: `config` rejects the file or prints an empty project, `build` and `up`
# fail as $MODE says; every call is recorded.
FAKE_DOCKER = """#!/bin/sh
echo "docker $*" >> "$CALLS"
case "$*" in
  *" config --format json"*)
    [ "$MODE" = rejected ] && { echo 'service "payments" refers to network x' >&2; exit 15; }
    echo '{"services": {}}'; exit 0 ;;
  *" config --services"*) exit 0 ;;
  *" build"*) [ "$MODE" = build ] && { echo "failed to solve: pip install"; exit 17; } ;;
  *" up "*)
    [ "$MODE" = port ] && { echo "Bind for 127.0.0.1:8001 failed: port in use"; exit 1; }
    [ "$MODE" = exited ] && { echo "container p-payments-1 exited (1)"; exit 1; } ;;
esac
exit 0
"""
# The journeys, played: the one journey fails (or passes, on the clean tree's stack).
FAKE_JOURNEYS = """#!/bin/sh
for arg in "$@"; do case "$arg" in --junitxml=*) report="${arg#--junitxml=}" ;; esac; done
mkdir -p "$(dirname "$report")"
case_="<testcase classname='tests.test_order_journeys' name='test_a_paid_order_is_confirmed'>"
end="</testcase></testsuite>"
if [ "$MODE" = baseline ]; then echo "<testsuite>$case_$end" > "$report"; exit 0; fi
where="tests/test_order_journeys.py:3: AssertionError"
failure="<failure message='assert 503 == 201'>$where</failure>"
echo "<testsuite>$case_$failure$end" > "$report"
exit 1
"""
JOURNEY = "def test_a_paid_order_is_confirmed():\n    assert True\n"


def e2e_layer(tmp_path: Path) -> E2ELayer:
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    (bin_ / "docker").write_text(FAKE_DOCKER)
    (bin_ / "docker").chmod(0o755)
    copy = tmp_path / "copy"
    (copy / "e2e" / "tests").mkdir(parents=True)
    (copy / "e2e" / "tests" / "test_order_journeys.py").write_text(JOURNEY)
    (copy / ".nox" / "e2e" / "bin").mkdir(parents=True)
    (copy / ".nox" / "e2e" / "bin" / "pytest").write_text(FAKE_JOURNEYS)
    (copy / ".nox" / "e2e" / "bin" / "pytest").chmod(0o755)
    env = {"PATH": f"{bin_}:/usr/bin:/bin", "CALLS": str(tmp_path / "calls.txt")}
    return E2ELayer(copy, ["nox"], env, tmp_path / "logs", project="p")


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("rejected", 'compose rejects the file: service "payments" refers to network x'),
        ("build", "the images could not be built: failed to solve: pip install"),
        ("port", "compose up: Bind for 127.0.0.1:8001 failed: port in use"),
    ],
)
def test_a_stack_that_cannot_be_made_is_broken_in_e2e_not_caught(tmp_path, mode, reason):
    e2e = e2e_layer(tmp_path)
    e2e.env["MODE"] = mode

    found = e2e.run("f.e2e", timeout=60)

    assert (found.outcome, found.reason) == (BROKEN, reason)
    calls = (tmp_path / "calls.txt").read_text()
    assert ("down --volumes" in calls) == (mode != "rejected")  # once made, always taken down


def test_a_container_that_exits_under_the_fault_leaves_the_journeys_to_judge(tmp_path):
    e2e = e2e_layer(tmp_path)
    e2e.env["MODE"] = "baseline"
    assert e2e.run("baseline.e2e", timeout=60, baseline=True).outcome == MISSED
    e2e.env["MODE"] = "exited"

    found = e2e.run("f.e2e", timeout=60)

    assert found.outcome == CAUGHT
    assert found.test.file == "e2e/tests/test_order_journeys.py"


def test_a_journey_that_failed_on_the_clean_stack_too_is_not_a_catch(tmp_path):
    e2e = e2e_layer(tmp_path)
    e2e.env["MODE"] = "exited"  # no baseline recorded it passing

    found = e2e.run("f.e2e", timeout=60)

    assert (found.outcome, found.reason) == (BROKEN, "alone without the fault: it fails too")
