from datetime import UTC, datetime, timedelta

import pytest
from evidence.pyramid.junit import ReportError, parse, read
from pyramid_xml import case, document, write


def test_each_test_keeps_its_member_name_seconds_and_outcome():
    text = document(case("test_ok", 0.002), case("test_bad", 0.5, "failed"), case("t", 0, "error"))

    suite = parse(text, layer="unit", member="orders")

    assert [(c.member, c.name, c.seconds, c.outcome) for c in suite.cases] == [
        ("orders", "unit.test_x::test_ok", 0.002, "passed"),
        ("orders", "unit.test_x::test_bad", 0.5, "failed"),
        ("orders", "unit.test_x::t", 0.0, "error"),
    ]


def test_the_suite_keeps_pytests_own_session_time_and_when_it_started():
    suite = parse(document(case("a", 0.1), seconds=2.5), layer="unit", member="users")

    assert (suite.layer, suite.member, suite.seconds) == ("unit", "users", 2.5)
    assert suite.started == datetime(2026, 11, 25, 10, tzinfo=UTC)
    assert suite.finished == suite.started + timedelta(seconds=2.5)


def test_a_lone_testsuite_element_reads_like_one_inside_testsuites():
    text = '<testsuite time="1.5"><testcase classname="tests.e2e" name="j" time="1"/></testsuite>'

    suite = parse(text, layer="e2e", member="journeys")

    assert [c.name for c in suite.cases] == ["e2e::j"]
    assert (suite.seconds, suite.started) == (1.5, None)


def test_a_name_loses_the_tests_package_but_keeps_module_class_and_parameters():
    text = document(case("test_it[GET-/x]", 0.1, module="tests.integration.test_m.TestMigrations"))

    assert parse(text, layer="integration", member="catalog").cases[0].name == (
        "integration.test_m.TestMigrations::test_it[GET-/x]"
    )


def test_a_timestamp_without_a_zone_is_taken_as_local_time():
    suite = parse(document(started="2026-11-25T10:00:00"), layer="unit", member="users")

    assert suite.started == datetime(2026, 11, 25, 10).astimezone()


def test_text_that_is_not_junit_is_an_error_naming_the_suite():
    with pytest.raises(ReportError, match="unit-users"):
        parse("<testsuites><testsuite", layer="unit", member="users")


def test_a_file_name_splits_into_layer_and_member_at_the_layers_dash(tmp_path):
    write(tmp_path, "contracts-orders-provider.xml", document(case("verify", 3.0)))
    write(tmp_path, "contracts-orders.xml", document(case("pact", 1.0)))
    write(tmp_path, "unit-orders.xml", document(case("pure", 0.001)))

    assert [s.member for s in read(tmp_path, "contracts")] == ["orders", "orders-provider"]


def test_a_layer_that_has_not_run_has_no_suites(tmp_path):
    write(tmp_path, "unit-orders.xml", document(case("pure", 0.001)))

    assert read(tmp_path, "e2e") == []


def test_a_broken_file_is_an_error_naming_its_path(tmp_path):
    write(tmp_path, "unit-orders.xml", "not xml")

    with pytest.raises(ReportError, match=r"unit-orders\.xml"):
        read(tmp_path, "unit")
