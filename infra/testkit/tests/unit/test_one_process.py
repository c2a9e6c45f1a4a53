"""One pytest process for a layer: the members' settings carried, helpers apart, reports split."""

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from testkit.runner.one_process import HelperClash, pytest_options, shares, split_reports


def member(root: Path, name: str, *helpers: str, warnings: str = "") -> Path:
    folder = root / "services" / name
    (folder / "tests" / "unit").mkdir(parents=True)
    for helper in ("test_rules", "conftest", *helpers):
        (folder / "tests" / "unit" / f"{helper}.py").write_text("")
    settings = f'addopts = ["-ra"]\nfilterwarnings = ["{warnings}"]\n' if warnings else ""
    (folder / "pyproject.toml").write_text(f"[tool.pytest.ini_options]\n{settings}")
    return folder


def test_every_members_warning_rules_and_helper_folders_reach_the_one_process(tmp_path):
    members = {
        "orders": member(tmp_path, "orders", warnings="error::DeprecationWarning:orders"),
        "payments": member(tmp_path, "payments", "fakes", warnings="error::DeprecationWarning:pay"),
    }

    options = pytest_options(tmp_path, "unit", members)

    assert "--import-mode=importlib" in options
    assert options.count("-ra") == 1
    rules = "error::DeprecationWarning:orders\nerror::DeprecationWarning:pay"
    assert f"filterwarnings={rules}" in options
    assert f"pythonpath={members['payments'] / 'tests' / 'unit'}" in options
    assert options[-2:] == ("services/orders/tests/unit", "services/payments/tests/unit")


def test_two_members_helpers_of_one_name_are_refused(tmp_path):
    members = {name: member(tmp_path, name, "fakes") for name in ("orders", "payments")}

    with pytest.raises(HelperClash, match=r"fakes\.py"):
        pytest_options(tmp_path, "unit", members)


def test_the_reports_are_split_per_member_with_their_own_names_and_the_runs_time(tmp_path):
    members = {name: tmp_path / "services" / name for name in ("orders", "users")}
    junit = tmp_path / "junit" / "unit-layer.xml"
    junit.parent.mkdir()
    junit.write_text(
        '<testsuites><testsuite name="pytest" tests="3" time="4.0" timestamp="t">'
        '<testcase classname="services.orders.tests.unit.test_a" name="one" time="0.5"/>'
        '<testcase classname="services.orders.tests.unit.test_a" name="two" time="0.5">'
        "<failure/></testcase>"
        '<testcase classname="services.users.tests.unit.test_b" name="three" time="1.0"/>'
        "</testsuite></testsuites>"
    )
    log = tmp_path / "durations" / "unit-layer.jsonl"
    log.parent.mkdir()
    entries = [
        {"$report_type": "SessionStart"},
        {"$report_type": "TestReport", "nodeid": "services/users/tests/unit/test_b.py::three"},
    ]
    log.write_text("\n".join(map(json.dumps, entries)))
    into = {name: junit.with_stem(f"unit-{name}") for name in members}

    split_reports(tmp_path, members, junit, log, into)

    orders = ET.parse(into["orders"]).getroot().find("testsuite")  # noqa: S314
    users = ET.parse(into["users"]).getroot().find("testsuite")  # noqa: S314
    assert [case.get("classname") for case in orders] == ["tests.unit.test_a"] * 2
    assert (orders.get("tests"), orders.get("failures"), users.get("tests")) == ("2", "1", "1")
    # The run's 2 s outside its tests shared by number of tests: 1 + 4/3 and 1 + 2/3.
    assert float(orders.get("time")) + float(users.get("time")) == pytest.approx(4.0, abs=0.01)
    users_log = (tmp_path / "durations" / "unit-users.jsonl").read_text().splitlines()
    nodes = [json.loads(line).get("nodeid") for line in users_log]
    assert nodes == [None, "tests/unit/test_b.py::three"]
    assert (tmp_path / "durations" / "unit-orders.jsonl").read_text().count("TestReport") == 0


def test_the_members_are_shared_out_by_their_test_modules_one_process_per_core(tmp_path):
    members = {name: member(tmp_path, name) for name in ("big", "small", "tiny")}
    for number in range(3):
        (members["big"] / "tests" / "unit" / f"test_more_{number}.py").write_text("")
    (members["small"] / "tests" / "unit" / "test_more.py").write_text("")

    assert [list(share) for share in shares("unit", members, 2)] == [["big"], ["small", "tiny"]]
    assert [list(share) for share in shares("unit", members, 1)] == [["big", "small", "tiny"]]
    assert len(shares("unit", members, 8)) == 3  # no process without a suite


def test_helpers_of_one_name_are_refused_even_when_their_members_share_no_process(tmp_path):
    members = {name: member(tmp_path, name, "fakes") for name in ("orders", "payments")}

    with pytest.raises(HelperClash):
        shares("unit", members, 2)
