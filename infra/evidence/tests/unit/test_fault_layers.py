"""Reading what a layer's run did: its first failing test, the sessions it ran, the e2e ports."""

import os
import time

from evidence.fault_e2e import port_override, up_failure
from evidence.fault_outcomes import Failure, evidence, first_failure, ran_sessions, said

PASSED = '<testsuite><testcase classname="tests.unit.test_a" name="test_ok"/></testsuite>'
FAILED = (
    '<testsuites><testsuite><testcase classname="tests.unit.test_domain" name="test_ok"/>'
    '<testcase classname="tests.unit.test_domain" name="test_total">'
    '<failure message="AssertionError: assert 2500 == 1250&#10;+  where 2500 = total()"/>'
    "</testcase>"
    '<testcase classname="tests.unit.test_domain" name="test_later"><error/></testcase>'
    "</testsuite></testsuites>"
)


def test_the_first_failing_test_since_the_layer_started_and_the_first_line_it_said(tmp_path):
    (tmp_path / "unit-orders.xml").write_text(FAILED)
    (tmp_path / "unit-chassis.xml").write_text(PASSED)

    assert first_failure(tmp_path, since=0) == Failure(
        where="unit-orders: test_domain::test_total",
        message="assert 2500 == 1250",
        report="unit-orders",
        classname="tests.unit.test_domain",
        name="test_total",
    )


def test_a_long_message_is_cut_short_for_the_table():
    assert said("x" * 500) == "x" * 157 + "..."
    assert said(None) == ""


def test_a_report_left_by_an_earlier_run_is_not_evidence(tmp_path):
    old = tmp_path / "unit-orders.xml"
    old.write_text(FAILED)
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))

    assert first_failure(tmp_path, since=time.time() - 60) is None


def test_without_a_failing_test_the_pacts_drift_is_the_evidence(tmp_path):
    output = "The consumers' pacts differ from those in contracts/: orders-users.json.\nIf ..."

    assert evidence(output, tmp_path, 0, tmp_path / "x.log") == Failure(
        "contract_check", "the fresh pacts differ from contracts/: orders-users.json"
    )


def test_otherwise_the_failing_session_and_the_log_are_named(tmp_path):
    output = "nox > Running session unit(orders)\nnox > Session unit(orders) failed.\n"

    assert evidence(output, tmp_path, 0, tmp_path / "f.unit.log") == Failure(
        "unit(orders)", "failed before any test (see f.unit.log)"
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
