"""The CI workflow runs sessions the noxfile has, and reads the outputs the plan writes."""

import json
import re
from pathlib import Path

import pytest
from evidence.affected.__main__ import arguments, github_outputs
from evidence.affected.inputs import nox_sessions
from evidence.workflow import nox_commands, run_scripts, unknown
from evidence.workflow import nox_sessions as sessions_run

ROOT = Path(__file__).resolve().parents[4]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))

STEPS = """\
jobs:
  test:
    steps:
      - run: nox -s lint  # comment
      - name: Two lines
        run: |
          nox -s "unit(${{ matrix.member }})" other \\
            -- --fast
          echo done
      - run: >
          nox --session=e2e
          -- --keep
      - run: 'uv tool install "nox==1"'
    env:
      run: not a step
"""


@pytest.fixture(scope="module")
def noxfile_sessions() -> list[str]:
    """Every session the noxfile has, from nox itself (no environment is made for a listing)."""
    return nox_sessions(ROOT)


def test_the_reader_finds_one_line_and_block_run_values():
    assert run_scripts(STEPS) == [
        "nox -s lint  # comment",
        'nox -s "unit(${{ matrix.member }})" other \\\n  -- --fast\necho done',
        "nox --session=e2e -- --keep",
        'uv tool install "nox==1"',
        "not a step",
    ]


def test_the_reader_finds_each_nox_commands_sessions_and_arguments():
    commands = [command for script in run_scripts(STEPS) for command in nox_commands(script)]

    assert [(c.sessions, c.posargs) for c in commands] == [
        (("lint",), ()),
        (("unit(${{ matrix.member }})", "other"), ("--fast",)),
        (("e2e",), ("--keep",)),
    ]


def test_commands_end_at_the_shells_separators():
    script = "nox -s lint && nox -s unit; echo nox -s never | nox -s e2e -- -x"

    assert sessions_run(script) == ["lint", "unit", "never", "e2e"]


def test_an_expression_matches_any_session_and_a_layer_its_parametrized_sessions():
    listed = ["lint", "unit(orders)", "integration(orders)"]

    assert unknown(["lint", "unit", "integration(${{ matrix.member }})"], listed) == []
    assert unknown(["lint(x)", "e2e", "contract", "unit(${{ x }}"], listed) == [
        "lint(x)",
        "e2e",
        "contract",
        "unit(${{ x }}",
    ]


def test_there_is_a_workflow_and_it_runs_nox():
    assert WORKFLOWS
    for workflow in WORKFLOWS:
        assert any(sessions_run(s) for s in run_scripts(workflow.read_text())), workflow.name


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_every_nox_session_a_workflow_runs_is_one_the_noxfile_has(workflow, noxfile_sessions):
    named = [name for script in run_scripts(workflow.read_text()) for name in sessions_run(script)]

    assert unknown(named, noxfile_sessions) == []


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_every_affected_command_in_a_workflow_takes_its_arguments(workflow):
    scripts = run_scripts(workflow.read_text())
    commands = [c for s in scripts for c in nox_commands(s) if "affected" in c.sessions]

    for command in commands:
        arguments(list(command.posargs))  # argparse exits on an argument it does not know


def test_the_plan_outputs_the_workflow_reads_are_those_the_plan_writes():
    workflow = (ROOT / ".github" / "workflows" / "ci.yml").read_text()
    read = set(re.findall(r"steps\.plan\.outputs\.([\w-]+)", workflow))

    assert read
    assert read <= set(github_outputs([], []))


def test_the_integration_matrix_names_only_members_with_an_integration_session(noxfile_sessions):
    members = github_outputs(["integration"], noxfile_sessions)["integration"]

    assert [f"integration({m})" for m in json.loads(members)] == [
        s for s in noxfile_sessions if s.startswith("integration(")
    ]
