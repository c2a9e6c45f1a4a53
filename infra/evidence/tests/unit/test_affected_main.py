"""`python -m evidence.affected`: the plan printed and handed on, in a small git repository."""

import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from evidence.affected.__main__ import github_outputs, kept, main, report
from evidence.affected.rules import Affected

LISTING = """The test pyramid.

Sessions defined in noxfile.py:

* lint -> Lint.
* unit -> Unit, side by side.
- unit(orders) -> Unit.
- unit(users) -> Unit.
* integration -> Integration, side by side.
- integration(orders) -> Integration.
- integration(users) -> Integration.
* e2e
* contracts -> Contracts.
- faults -> The fault matrix.
- affected -> Only what a change can break.

sessions marked with * are selected, sessions marked with - are skipped.
"""
FILES = {
    "pyproject.toml": '[tool.uv.workspace]\nmembers = ["services/*"]\n',
    "services/orders/pyproject.toml": '[project]\nname = "orders"\n',
    "services/orders/src/orders/domain.py": "TOTAL = 1\n",
    "contracts/orders-users.json": json.dumps(
        {"consumer": {"name": "orders"}, "provider": {"name": "users"}}
    ),
    "README.md": "A repository.\n",
}


def git(root: Path, *args: str) -> None:
    identity = ("-c", "user.name=Test", "-c", "user.email=test@example.com")
    subprocess.run(["git", *identity, *args], cwd=root, check=True, capture_output=True)  # noqa: S603, S607


def write(root: Path, path: str, text: str) -> None:
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(text)


@pytest.fixture
def repository(tmp_path, monkeypatch):
    """A workspace on branch `main`, one commit ahead of `base`; nox is a script that lists."""
    root = tmp_path / "repository"
    for path, text in FILES.items():
        write(root, path, text)
    git(root, "init", "-q", "-b", "base")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "base")
    git(root, "checkout", "-q", "-b", "main")
    write(root, "services/orders/src/orders/domain.py", "TOTAL = 2\n")
    git(root, "commit", "-q", "-am", "a change")
    write(tmp_path, "nox.py", f"print({LISTING!r})\n")
    monkeypatch.chdir(root)
    return root


def nox(root: Path) -> str:
    return "--nox=" + shlex.join([sys.executable, str(root.parent / "nox.py")])


def test_the_committed_change_is_planned_printed_and_handed_to_the_session(repository, capsys):
    plan = repository.parent / "plan.json"

    assert main(["base", f"--plan={plan}", nox(repository)]) == 0

    planned = ["lint", "unit(orders)", "integration(orders)", "contracts"]
    assert json.loads(plan.read_text()) == [[session, []] for session in planned]
    printed = capsys.readouterr().out
    assert "1 changed paths:\n  services/orders/src/orders/domain.py" in printed
    assert "runs 4 of 11 sessions:" in printed
    assert "orders consumes orders-users.json" in printed
    assert "not run (no changed path reaches them): unit, unit(users), integration, " in printed


def test_unstaged_and_untracked_files_count_as_changed(repository, capsys):
    write(repository, "README.md", "Changed, not staged.\n")
    write(repository, "services/orders/tests/unit/test_new.py", "")

    main(["base", nox(repository)])

    printed = capsys.readouterr().out
    assert "  README.md\n" in printed
    assert "  services/orders/tests/unit/test_new.py\n" in printed


def test_a_dry_run_prints_the_plan_and_hands_on_nothing(repository, capsys):
    plan = repository.parent / "plan.json"

    main(["base", "--dry-run", f"--plan={plan}", nox(repository)])

    assert json.loads(plan.read_text()) == []
    assert "would run 4 of 11 sessions:" in capsys.readouterr().out


def test_only_keeps_the_layer_a_ci_job_runs(repository):
    plan = repository.parent / "plan.json"

    main(["base", "--only", "unit", f"--plan={plan}", nox(repository)])

    assert json.loads(plan.read_text()) == [["unit(orders)", []]]


def test_the_github_outputs_are_appended_for_the_workflows_jobs(repository):
    outputs = repository.parent / "outputs"
    outputs.write_text("earlier=kept\n")

    main(["base", "--dry-run", f"--github-output={outputs}", nox(repository)])

    assert outputs.read_text().splitlines() == [
        "earlier=kept",
        "lint=true",
        "unit=true",
        "contracts=true",
        "e2e=false",
        "faults=false",
        'integration=["orders"]',
        'sessions=["lint", "unit(orders)", "integration(orders)", "contracts"]',
    ]


def test_everything_plans_every_layer_without_reading_the_change(repository):
    plan = repository.parent / "plan.json"

    main(["--everything", f"--plan={plan}", nox(repository)])

    assert json.loads(plan.read_text()) == [
        ["lint", []],
        ["unit", []],
        ["integration", []],
        ["contracts", []],
        ["e2e", []],
        ["faults", ["--check"]],
    ]


def test_a_base_the_clone_does_not_have_stops_with_gits_message(repository):
    with pytest.raises(SystemExit, match=r"git diff .*origin/nowhere"):
        main(["origin/nowhere", nox(repository)])


def test_a_base_or_everything_is_required():
    with pytest.raises(SystemExit):
        main(["--dry-run"])


def test_the_outputs_say_which_jobs_run_and_which_members_the_integration_matrix_has():
    listed = ["lint", "integration", "integration(chassis)", "integration(orders)", "e2e"]
    outputs = github_outputs(["lint", "integration(orders)", "e2e"], listed)

    assert outputs == {
        "lint": "true",
        "unit": "false",
        "contracts": "false",
        "e2e": "true",
        "faults": "false",
        "integration": '["orders"]',
        "sessions": '["lint", "integration(orders)", "e2e"]',
    }


def test_the_layers_own_session_puts_every_member_in_the_integration_matrix():
    listed = ["integration", "integration(chassis)", "integration(orders)"]

    assert github_outputs(["integration"], listed)["integration"] == '["chassis", "orders"]'


def test_only_names_a_layer_or_a_session():
    assert kept("unit(orders)", ["unit"])
    assert kept("unit(orders)", ["unit(orders)"])
    assert not kept("integration(orders)", ["unit"])
    assert kept("e2e", [])


def test_the_report_says_reasons_every_session_shares_once_and_counts_the_rest():
    shared = "noxfile.py: how every session is declared and run"
    planned = [
        Affected("lint", ("every change",)),
        Affected("unit(orders)", (shared, "a: 1", "b: 2", "c: 3", "d: 4")),
        Affected("e2e", (shared,)),
    ]

    text = report(planned, None, ["lint", "unit(orders)", "e2e", "pyramid"], dry=False)

    assert text.splitlines() == [
        "runs 3 of 4 sessions:",
        "  every one but lint, because of:",
        f"    - {shared}",
        "  lint",
        "    - every change",
        "  unit(orders)",
        "    - a: 1",
        "    - b: 2",
        "    - c: 3",
        "    - ... and 1 more paths",
        "  e2e",
        "not run (no changed path reaches them): pyramid",
    ]
