"""From a fault's files and reach to the sessions that run it: the members that can see it."""

from pathlib import Path

from evidence.fault_check import reach_problems
from evidence.fault_patches import Fault
from evidence.fault_reach import Member, affected, member_of, plan, unreachable

WORKSPACE = [
    Member("chassis", "libs/chassis", frozenset({"fastapi", "testkit"})),
    Member("testkit", "infra/testkit", frozenset({"chassis", "pytest"})),
    Member("orders", "services/orders", frozenset({"chassis", "testkit"})),
    Member("users", "services/users", frozenset({"chassis"})),
    Member("e2e", "e2e", frozenset({"httpx"})),
]
SESSIONS = {
    *(f"{layer}({m})" for layer in ("unit", "integration") for m in ("chassis", "orders", "users")),
    "unit(testkit)",
    "contracts",
    "e2e",
}


def fault(*files: str, reach: tuple[str, ...] = ("unit", "integration", "contract")) -> Fault:
    return Fault("f", Path("01-f.patch"), "d", "domain-rule", reach[0], reach, files)


def test_a_members_name_and_what_it_depends_on_come_from_its_pyproject():
    pyproject = {
        "project": {"name": "orders", "dependencies": ["chassis", "fastapi>=0.110", "pika[x]"]},
        "dependency-groups": {"test": ["pytest>=8", "testkit"], "contract": ["pact-python~=4"]},
    }

    member = member_of(pyproject, "services/orders")

    assert member == Member(
        "orders",
        "services/orders",
        frozenset({"chassis", "fastapi", "pika", "pytest", "testkit", "pact-python"}),
    )


def test_a_service_fault_reaches_that_service_alone():
    assert affected(("services/orders/src/orders/domain.py",), WORKSPACE) == ["orders"]


def test_a_chassis_fault_reaches_the_chassis_first_then_everything_that_depends_on_it():
    files = ("libs/chassis/src/chassis/errors.py",)

    assert affected(files, WORKSPACE) == ["chassis", "orders", "testkit", "users"]


def test_a_file_outside_every_member_reaches_no_members_suites():
    assert affected(("docker-compose.yml",), WORKSPACE) == []


def test_each_layer_of_the_reach_runs_the_sessions_of_the_members_it_reaches():
    sessions = plan(fault("libs/chassis/src/chassis/errors.py"), WORKSPACE, SESSIONS)

    assert sessions == {
        "unit": ["unit(chassis)", "unit(orders)", "unit(testkit)", "unit(users)"],
        # the kit has no integration session here: none is planned for it
        "integration": ["integration(chassis)", "integration(orders)", "integration(users)"],
        "contract": ["contracts"],
    }


def test_a_layer_outside_the_reach_is_not_planned_and_e2e_is_one_session():
    sessions = plan(fault("docker-compose.yml", reach=("e2e",)), WORKSPACE, SESSIONS)

    assert sessions == {"e2e": ["e2e"]}


def test_a_reach_that_no_suite_can_see_is_unreachable():
    compose_in_unit = fault("docker-compose.yml", reach=("unit", "e2e"))

    assert unreachable(plan(compose_in_unit, WORKSPACE, SESSIONS)) == ["unit"]
    assert reach_problems(compose_in_unit, WORKSPACE, SESSIONS) == [
        "01-f.patch: Reach names unit, but no unit suite sees its files"
    ]
