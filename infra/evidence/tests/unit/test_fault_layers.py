"""What a layer's run did: its failing tests and their phase, the sessions, the e2e ports."""

import os
import time

from evidence.fault_e2e import port_override, up_failure
from evidence.fault_junit import CALL, SETUP, cases, said
from evidence.fault_layers import failed_before_tests, written_since
from evidence.fault_outcomes import ran_sessions

PASSED = '<testsuite><testcase classname="tests.unit.test_a" name="test_ok"/></testsuite>'
FAILED = (
    '<testsuites><testsuite><testcase classname="tests.unit.test_domain" name="test_ok"/>'
    '<testcase classname="tests.unit.test_domain" name="test_total">'
    '<failure message="AssertionError: assert 2500 == 1250&#10;+  where 2500 = total()">'
    "tests/unit/test_domain.py:9: AssertionError</failure></testcase>"
    '<testcase classname="tests.unit.test_domain" name="test_later">'
    '<error message="failed on setup with &quot;boom&quot;"/></testcase>'
    "</testsuite></testsuites>"
)


def test_the_failing_tests_since_the_layer_started_with_the_phase_each_failed_in(tmp_path):
    (tmp_path / "unit-orders.xml").write_text(FAILED)
    (tmp_path / "unit-chassis.xml").write_text(PASSED)

    [first, second] = written_since(tmp_path, since=0)

    assert (first.where, first.message, first.phase) == (
        "unit-orders: test_domain::test_total",
        "assert 2500 == 1250",
        CALL,
    )
    assert first.exception == "AssertionError"
    assert (second.name, second.phase) == ("test_later", SETUP)


def test_every_case_of_a_report_is_read_the_passing_ones_without_a_phase():
    assert [(c.name, c.phase) for c in cases(PASSED, "unit-a")] == [("test_ok", "")]


def test_a_long_message_is_cut_short_for_the_table():
    assert said("x" * 500) == "x" * 157 + "..."
    assert said(None) == ""


def test_a_report_left_by_an_earlier_run_is_not_evidence(tmp_path):
    old = tmp_path / "unit-orders.xml"
    old.write_text(FAILED)
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))

    assert written_since(tmp_path, since=time.time() - 60) == []


def test_without_a_failing_test_the_pacts_drift_or_the_failing_session_is_named(tmp_path):
    drift = "The consumers' pacts differ from those in contracts/: orders-users.json.\nIf ..."
    failed = "nox > Running session unit(orders)\nnox > Session unit(orders) failed.\n"

    assert failed_before_tests(drift, tmp_path / "x.log").startswith(
        "the fresh pacts differ from contracts/ (orders-users.json)"
    )
    assert failed_before_tests(failed, tmp_path / "f.unit.log") == (
        "unit(orders) failed before any test (see f.unit.log)"
    )


def test_the_sessions_run_are_those_nox_started_in_order():
    output = (
        "nox > Running session unit(chassis)\nnox > Session unit(chassis) was successful.\n"
        "nox > Running session unit(orders)\nnox > Session unit(orders) failed.\n"
    )

    assert ran_sessions(output, ["unit(chassis)", "unit(orders)", "unit(users)"]) == (
        "unit(chassis)",
        "unit(orders)",
    )


def test_every_published_port_moves_to_a_free_host_port_of_the_same_address():
    config = {
        "services": {
            "users": {"ports": [{"host_ip": "127.0.0.1", "target": 8000, "published": "8001"}]},
            "users-db": {"image": "postgres"},
            "broker": {"ports": None},
        }
    }

    assert port_override(config) == (
        'services:\n  users:\n    ports: !override ["127.0.0.1::8000"]\n'
    )


def test_a_failed_compose_up_is_told_by_its_line_about_the_container():
    output = "Container x-payments-1  Started\nContainer x-payments-1  exited (1)\nother\n"

    assert up_failure(output) == "Container x-payments-1  exited (1)"
