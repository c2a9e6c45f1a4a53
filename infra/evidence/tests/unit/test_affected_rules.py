"""The rules of `nox -s affected`: from changed paths to the sessions they can break, and why."""

import pytest
from evidence.affected.model import Pact, Workspace
from evidence.affected.rules import needs, plan, whole

SERVICES = ("users", "catalog", "orders", "payments", "notifications")
MEMBERS = {
    "chassis": "libs/chassis",
    "testkit": "infra/testkit",
    "evidence": "infra/evidence",
    **{name: f"services/{name}" for name in SERVICES},
    "e2e": "e2e",
}
UNIT = [f"unit({m})" for m in ("chassis", "testkit", "evidence", *SERVICES)]
INTEGRATION = [f"integration({m})" for m in ("chassis", "testkit", *SERVICES)]
# Each layer's own session runs its members' suites side by side; everything is these.
LAYERS = ["lint", "unit", "integration", "contracts", "e2e"]
PACTS = [
    Pact("orders-users.json", "orders", "users"),
    Pact("notifications-users.json", "notifications", "users"),
    Pact("orders-catalog.json", "orders", "catalog"),
    Pact("payments-orders-events.json", "payments", "orders-events"),
    Pact("notifications-orders-events.json", "notifications", "orders-events"),
    Pact("catalog-orders-events.json", "catalog", "orders-events"),
    Pact("orders-payments-events.json", "orders", "payments-events"),
]
# The files the fault patches change (a few of them).
FAULT_TARGETS = frozenset({"services/orders/src/orders/domain.py", "docker-compose.yml"})
# As `nox --list` orders them: e2e before contracts, sessions of other kinds after the layers.
LISTED = ["lint", "unit", *UNIT, "integration", *INTEGRATION, "e2e", "contracts"]
WORKSPACE = Workspace(MEMBERS, [*LISTED, "pyramid", "faults", "affected"], PACTS, FAULT_TARGETS)
WITHOUT_FAULTS = Workspace(MEMBERS, LISTED, PACTS)
# A noxfile with one session per member and none per layer.
PER_MEMBER = ["lint", *UNIT, *INTEGRATION, "contracts", "e2e"]


def sessions(*paths: str, workspace: Workspace = WORKSPACE) -> list[str]:
    return [affected.session for affected in plan(paths, workspace)]


def reasons(session: str, *paths: str) -> tuple[str, ...]:
    return next(a.reasons for a in plan(paths, WORKSPACE) if a.session == session)


def test_a_change_to_a_services_domain_runs_its_suites_and_the_contracts_but_not_e2e():
    assert sessions("services/payments/src/payments/domain.py") == [
        "lint",
        "unit(payments)",
        "integration(payments)",
        "contracts",
    ]


def test_the_contracts_reason_names_the_pacts_the_service_consumes_and_provides():
    (why,) = reasons("contracts", "services/orders/src/orders/service.py")

    assert (
        "orders consumes orders-users.json, orders-catalog.json, orders-payments-events.json" in why
    )
    assert "provides payments-orders-events.json, notifications-orders-events.json" in why
    assert "catalog-orders-events.json" in why
    assert "runs them all" in why


def test_a_provider_of_http_alone_is_named_as_the_provider_of_its_pacts():
    (why,) = reasons("contracts", "services/users/src/users/routes.py")

    assert why.endswith(
        "users provides orders-users.json, notifications-users.json "
        "(the pipeline runs them all: it has no subset option)"
    )


@pytest.mark.parametrize("module", ["events", "handlers", "settings", "main", "migrate"])
def test_a_service_file_that_crosses_a_process_boundary_also_runs_e2e(module):
    path = f"services/catalog/src/catalog/{module}.py"

    assert sessions(path) == ["lint", "unit(catalog)", "integration(catalog)", "contracts", "e2e"]


def test_a_services_unit_test_runs_only_its_unit_suite():
    assert sessions("services/orders/tests/unit/test_domain.py") == ["lint", "unit(orders)"]


def test_a_services_integration_test_runs_only_its_integration_suite():
    path = "services/orders/tests/integration/test_orders_api.py"

    assert sessions(path) == ["lint", "integration(orders)"]


def test_a_services_contract_test_runs_the_contracts():
    path = "services/notifications/tests/contract/test_users_consumer.py"

    assert sessions(path) == ["lint", "contracts"]


def test_a_services_shared_test_files_run_every_one_of_its_suites():
    assert sessions("services/users/tests/conftest.py") == [
        "lint",
        "unit(users)",
        "integration(users)",
        "contracts",
    ]


@pytest.mark.parametrize(
    "path", ["services/orders/migrations/versions/0002_add_note.py", "services/orders/alembic.ini"]
)
def test_a_migration_runs_integration_and_the_contracts_which_migrate_their_databases(path):
    assert sessions(path) == ["lint", "integration(orders)", "contracts"]


def test_a_dockerfile_is_built_by_compose_alone_so_it_runs_e2e():
    assert sessions("services/payments/Dockerfile") == ["lint", "e2e"]


def test_a_services_pyproject_runs_all_of_its_sessions_and_e2e():
    assert sessions("services/payments/pyproject.toml") == [
        "lint",
        "unit(payments)",
        "integration(payments)",
        "contracts",
        "e2e",
    ]


def test_a_change_in_one_service_runs_nothing_of_another():
    planned = sessions("services/payments/src/payments/domain.py")

    assert not [s for s in planned if "orders" in s or "users" in s]


@pytest.mark.parametrize(
    "path",
    [
        "libs/chassis/src/chassis/messaging/topology.py",
        "libs/chassis/pyproject.toml",
        "infra/testkit/src/testkit/nox_support.py",
        "uv.lock",
        "pyproject.toml",
    ],
)
def test_the_chassis_the_kit_and_the_lock_run_every_layer(path):
    assert sessions(path) == LAYERS


def test_the_noxfile_runs_every_layer_and_the_faults_check():
    assert sessions("noxfile.py") == [*LAYERS, "faults"]


def test_everything_means_the_pyramids_layers_not_the_reports_about_them():
    assert "pyramid" not in sessions("noxfile.py")
    assert "affected" not in sessions("noxfile.py")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("libs/chassis/tests/unit/test_envelope.py", ["lint", "unit(chassis)"]),
        ("libs/chassis/tests/integration/test_outbox.py", ["lint", "integration(chassis)"]),
        ("libs/chassis/tests/integration/alembic_tree/env.py", ["lint", "integration(chassis)"]),
        ("infra/testkit/tests/unit/test_settings.py", ["lint", "unit(testkit)"]),
        ("infra/testkit/tests/conftest.py", ["lint", "unit(testkit)", "integration(testkit)"]),
    ],
)
def test_the_chassis_and_the_kits_own_tests_run_only_their_suites(path, expected):
    assert sessions(path) == expected


@pytest.mark.parametrize(
    "path",
    [
        "README.md",
        "docs/testing-strategy.md",
        "docs/pyramid.svg",
        "contracts/README.md",
        "libs/chassis/README.md",
        "services/orders/README.md",
    ],
)
def test_prose_runs_lint_alone(path):
    assert sessions(path) == ["lint"]
    assert reasons("lint", path)[1] == f"{path}: prose: no test reads it"


def test_compose_runs_e2e_the_contracts_and_the_kit_unit_test_that_reads_its_image_defaults():
    assert sessions("docker-compose.yml", workspace=WITHOUT_FAULTS) == [
        "lint",
        "unit(testkit)",
        "contracts",
        "e2e",
    ]


def test_the_e2e_journeys_run_e2e():
    assert sessions("e2e/tests/test_order_journeys.py") == ["lint", "e2e"]


def test_the_e2e_suites_pacts_run_the_contracts():
    assert sessions("e2e/tests/contract/test_orders_consumer.py") == ["lint", "contracts"]


@pytest.mark.parametrize("path", ["e2e/tests/system.py", "e2e/pyproject.toml"])
def test_what_the_journeys_and_the_e2e_pacts_share_runs_both(path):
    kit = ["unit(testkit)"] if path == "e2e/tests/system.py" else []  # it reads SERVICES
    assert sessions(path) == ["lint", *kit, "contracts", "e2e"]


def test_a_build_context_change_runs_e2e():
    assert sessions(".dockerignore") == ["lint", "e2e"]


def test_what_compose_mounts_into_its_containers_runs_e2e_and_the_kits_touchpoint_test():
    assert sessions("infra/compose/rabbitmq/definitions.json") == ["lint", "unit(testkit)", "e2e"]


def test_a_message_pact_runs_the_contracts_and_its_publishers_wiring_test():
    assert sessions("contracts/payments-orders-events.json") == [
        "lint",
        "unit(testkit)",
        "integration(orders)",
        "contracts",
    ]


def test_an_http_pact_runs_the_contracts_and_the_kits_saga_diagram_test():
    assert sessions("contracts/orders-catalog.json") == ["lint", "unit(testkit)", "contracts"]


@pytest.mark.parametrize("path", ["docs/events.md", "docs/adding-a-service.md"])
def test_a_page_a_unit_test_reads_runs_it(path):
    assert sessions(path) == ["lint", "unit(testkit)"]


def test_the_workflow_runs_actionlint_and_the_test_of_its_nox_commands():
    assert sessions(".github/workflows/ci.yml") == ["lint", "unit(evidence)"]
    assert ".github/workflows/ci.yml: actionlint checks the workflows" in reasons(
        "lint", ".github/workflows/ci.yml"
    )


def test_the_evidence_tools_run_their_unit_tests():
    assert sessions("infra/evidence/src/evidence/affected/rules.py") == ["lint", "unit(evidence)"]


@pytest.mark.parametrize("path", ["infra/images/postgres/Dockerfile", "infra/debian-mirror.sh"])
def test_the_offline_images_run_every_session_that_starts_a_container(path):
    assert sessions(path) == ["lint", "integration", "contracts", "e2e"]
    assert sessions(path, workspace=Workspace(MEMBERS, PER_MEMBER)) == [
        "lint",
        *INTEGRATION,
        "contracts",
        "e2e",
    ]


@pytest.mark.parametrize(
    "path",
    [
        ".ci/run",
        "infra/provision.sh",
        "infra/up.sh",
        "infra/ci/package-lock.json",
        "infra/benchmark/x.py",
    ],
)
def test_what_no_session_runs_gets_lint_and_says_so(path):
    assert sessions(path) == ["lint"]
    assert len(reasons("lint", path)) == 2


def test_a_path_no_rule_knows_runs_every_layer_to_be_safe():
    assert sessions("somewhere/new.cfg") == LAYERS
    assert "no rule knows this path" in reasons("e2e", "somewhere/new.cfg")[0]


def test_no_change_runs_nothing():
    assert plan([], WORKSPACE) == []


def test_a_file_a_fault_patch_changes_runs_the_faults_check_too():
    planned = plan(["services/orders/src/orders/domain.py"], WORKSPACE)

    assert [a.label for a in planned] == [
        "lint",
        "unit(orders)",
        "integration(orders)",
        "contracts",
        "faults -- --check",
    ]
    assert "a fault patch changes this file" in planned[-1].reasons[0]


def test_a_fault_patch_runs_the_faults_check_alone():
    assert sessions("infra/faults/01-users-email-renamed.patch") == ["lint", "faults"]


def test_the_tools_that_apply_the_patches_run_their_unit_tests_and_the_check():
    path = "infra/evidence/src/evidence/fault_sandbox.py"

    assert sessions(path) == ["lint", "unit(evidence)", "faults"]


def test_the_fault_folders_prose_runs_lint_alone():
    assert sessions("infra/faults/README.md") == ["lint"]


def test_a_repository_without_the_faults_session_plans_no_check():
    assert sessions("noxfile.py", workspace=WITHOUT_FAULTS) == LAYERS


def test_sessions_come_in_the_pyramids_order_once_each_with_a_reason_per_path():
    planned = plan(
        ["services/orders/src/orders/events.py", "docker-compose.yml", "README.md"], WITHOUT_FAULTS
    )

    assert [a.session for a in planned] == [
        "lint",
        "unit(testkit)",
        "unit(orders)",
        "integration(orders)",
        "contracts",
        "e2e",
    ]
    assert [r.partition(":")[0] for r in planned[-1].reasons] == [
        "docker-compose.yml",
        "services/orders/src/orders/events.py",
    ]
    assert planned[0].reasons[0].startswith("every change")


def test_a_member_without_a_layer_has_no_session_of_it_to_run():
    # evidence has no integration tests: its shared test files run its unit suite alone.
    assert sessions("infra/evidence/tests/conftest.py") == ["lint", "unit(evidence)"]


def test_a_rule_naming_a_layer_the_noxfile_lacks_fails_loudly():
    without_e2e = Workspace(MEMBERS, [s for s in LISTED if s != "e2e"], PACTS)

    with pytest.raises(ValueError, match="nox does not list: e2e"):
        plan(["services/orders/Dockerfile"], without_e2e)


def test_a_service_without_pacts_still_runs_the_contracts_for_its_contract_tests():
    assert needs("services/users/tests/contract/test_new.py", Workspace(MEMBERS, LISTED)) == [
        ("contracts", "users' contract tests")
    ]


def test_everything_is_every_layer_and_the_faults_check_with_the_reason_given():
    planned = whole(WORKSPACE, "a push to main")

    assert [a.label for a in planned] == [*LAYERS, "faults -- --check"]
    assert {a.reasons for a in planned} == {("a push to main",)}


def test_everything_without_a_session_per_layer_is_every_members_session():
    planned = whole(Workspace(MEMBERS, PER_MEMBER), "a push to main")

    assert [a.session for a in planned] == PER_MEMBER


def test_every_member_of_a_layer_planned_runs_the_layers_own_session_with_all_the_reasons():
    paths = [f"{folder}/tests/unit/test_x.py" for folder in MEMBERS.values()]

    planned = plan(paths, WORKSPACE)

    assert [a.session for a in planned] == ["lint", "unit"]
    assert len(planned[1].reasons) == len(UNIT)  # e2e has no unit tests: nothing of it


def test_a_members_session_gives_way_to_its_layers_own_when_that_is_planned_anyway():
    planned = plan(["uv.lock", "services/orders/tests/unit/test_domain.py"], WORKSPACE)

    assert [a.session for a in planned] == LAYERS
    assert "services/orders/tests/unit/test_domain.py: orders' unit tests" in planned[1].reasons
