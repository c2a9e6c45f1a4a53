"""The resilience stack, up once for every scenario and always taken down with its volumes."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from stack import ROOT, Stack
from system import DEMO_TOKEN, System
from tally import Tally

REPORTS = ROOT / ".reports"
_tallies: list[Tally] = []


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    REPORTS.mkdir(exist_ok=True)
    stack = Stack.from_environment(REPORTS)
    stack.down()  # what an interrupted run may have left
    try:
        stack.up()
        yield stack
    finally:
        (REPORTS / "resilience-compose.log").write_text(
            stack.run("logs", "--no-color", "--timestamps", check=False, timeout=120)
        )
        stack.down()


@pytest.fixture(scope="session")
def system(stack: Stack) -> Iterator[System]:
    system = System.at(stack.urls(), DEMO_TOKEN)
    yield system
    system.close()


@pytest.fixture
def tallies() -> list[Tally]:
    return _tallies


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _tallies:
        return
    terminalreporter.section("resilience: lost and duplicated per scenario")
    for tally in _tallies:
        for line in tally.lines():
            terminalreporter.write_line(line)
    Path(REPORTS / "resilience.json").write_text(
        json.dumps([tally.as_dict() for tally in _tallies], indent=2)
    )
