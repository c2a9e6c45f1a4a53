"""Who takes part in the contract run: found from the members' test files, not from a list."""

from pathlib import Path

import pytest

from testkit.runner.contract_pipeline import fresh_folders, plan
from testkit.workspace import members, members_with, workspace_root

WORKSPACE = """
[tool.uv.workspace]
members = ["libs/*", "services/*"]
exclude = ["services/retired"]
"""


def member(root: Path, folder: str, name: str, *tests: str) -> None:
    (root / folder).mkdir(parents=True)
    (root / folder / "pyproject.toml").write_text(f'[project]\nname = "{name}"\n')
    for test in tests:
        (root / folder / test).parent.mkdir(parents=True, exist_ok=True)
        (root / folder / test).touch()


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text(WORKSPACE)
    (tmp_path / "uv.lock").touch()
    member(tmp_path, "libs/kit", "kit", "tests/unit/test_kit.py")
    member(tmp_path, "services/users", "users", "tests/contract/test_provider.py")
    member(
        tmp_path,
        "services/orders",
        "orders",
        "tests/contract/test_users_consumer.py",
        "tests/contract/test_catalog_consumer.py",
        "tests/contract/test_provider.py",
        "tests/integration/test_api.py",
    )
    member(tmp_path, "services/retired", "retired", "tests/contract/test_provider.py")
    (tmp_path / "services" / "notes").mkdir()  # a folder that is not a member
    return tmp_path


def test_members_are_the_workspace_globs_in_order_without_the_excluded(workspace):
    assert [m.name for m in members(workspace)] == ["kit", "orders", "users"]


def test_a_member_with_consumer_tests_is_a_consumer_of_all_of_them(workspace):
    consumers, _ = plan(members(workspace))

    assert [(run.label, [test.name for test in run.tests]) for run in consumers] == [
        ("orders", ["test_catalog_consumer.py", "test_users_consumer.py"])
    ]


def test_a_member_with_a_provider_test_is_a_provider(workspace):
    _, providers = plan(members(workspace))

    assert [(run.label, run.member.name) for run in providers] == [
        ("orders-provider", "orders"),
        ("users-provider", "users"),
    ]


def test_the_members_of_a_layer_are_those_with_its_test_folder(workspace):
    assert list(members_with(workspace, "tests/unit")) == ["kit"]
    assert list(members_with(workspace, "tests/integration")) == ["orders"]


def test_the_workspace_root_is_found_from_any_folder_inside_it(workspace):
    assert workspace_root(workspace / "services" / "orders" / "tests") == workspace


def test_the_run_empties_its_pact_and_report_folders(workspace):
    stale = workspace / ".reports" / "pacts" / "old-pact.json"
    stale.parent.mkdir(parents=True)
    stale.touch()

    pacts, reports = fresh_folders(workspace, {})

    assert (pacts, reports) == (stale.parent, workspace / ".reports" / "contracts")
    assert list(pacts.iterdir()) == []


def test_the_committed_contracts_are_never_the_folder_a_run_empties(workspace):
    committed = workspace / "contracts"
    committed.mkdir()
    (committed / "orders-users.json").touch()

    for variable in ("PACT_DIR", "PACT_REPORT_DIR"):
        with pytest.raises(ValueError, match="committed pacts"):
            fresh_folders(workspace, {variable: str(committed)})

    assert (committed / "orders-users.json").exists()
