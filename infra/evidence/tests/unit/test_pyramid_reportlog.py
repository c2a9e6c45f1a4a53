import json

from evidence.pyramid.junit import parse
from evidence.pyramid.reportlog import cases, with_durations
from pyramid_xml import case, document


def log(*reports):
    """A report log as pytest-reportlog writes it: a line per phase, between session lines."""
    lines = [{"pytest_version": "9.2.0", "$report_type": "SessionStart"}]
    for node, when, outcome, duration in reports:
        entry = {"nodeid": node, "when": when, "outcome": outcome, "duration": duration}
        lines.append({**entry, "$report_type": "TestReport"})
    lines.append({"exitstatus": 0, "$report_type": "SessionFinish"})
    return "\n".join(map(json.dumps, lines)) + "\n"


def test_a_tests_phases_are_kept_apart_to_the_microsecond_and_add_up_to_its_time():
    text = log(
        ("tests/unit/test_x.py::test_a", "setup", "passed", 0.000012),
        ("tests/unit/test_x.py::test_a", "call", "passed", 0.000171),
        ("tests/unit/test_x.py::test_a", "teardown", "passed", 0.000009),
    )

    (found,) = cases(text, "orders")

    assert (found.member, found.name, found.outcome) == (
        "orders",
        "unit/test_x.py::test_a",
        "passed",
    )
    assert found.phases == (0.000012, 0.000171, 0.000009)
    assert round(found.seconds, 9) == 0.000192  # JUnit would say 0.000


def test_a_failed_call_is_a_failure_a_failed_set_up_an_error_and_a_skip_a_skip():
    text = log(
        ("t::call_fails", "setup", "passed", 0.1),
        ("t::call_fails", "call", "failed", 0.1),
        ("t::setup_fails", "setup", "failed", 0.1),
        ("t::skipped", "setup", "skipped", 0.0),
        ("t::teardown_fails", "call", "passed", 0.1),
        ("t::teardown_fails", "teardown", "failed", 0.1),
    )

    assert [c.outcome for c in cases(text, "m")] == ["failed", "error", "skipped", "error"]


def test_a_suite_takes_its_tests_from_its_log_and_keeps_junits_when_there_is_none(tmp_path):
    suite = parse(document(case("test_a", 0.0), seconds=2.0), layer="unit", member="orders")
    untouched = with_durations(suite, tmp_path)
    (tmp_path / "unit-orders.jsonl").write_text(
        log(("tests/unit/test_x.py::test_a", "call", "passed", 3e-05))
    )

    timed = with_durations(suite, tmp_path)

    assert untouched == suite
    assert [(c.name, c.seconds) for c in timed.cases] == [("unit/test_x.py::test_a", 3e-05)]
    assert (timed.seconds, timed.started) == (suite.seconds, suite.started)
