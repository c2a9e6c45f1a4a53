"""The run's results as data: docs/pyramid.json, from which the report is written, every time.

`nox -s pyramid -- --run --out docs` writes this file and renders pyramid.md and pyramid.svg
from it; `nox -s lint` renders them again from the committed file and fails if they differ
(`evidence.generated`). Times are kept in whole microseconds: pytest's clock, not JUnit's.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from evidence.pyramid.junit import Case, Suite
from evidence.pyramid.layers import Layer

MICRO = 1_000_000


@dataclass(frozen=True)
class Run:
    """What the report is written from: the layers, how it was made, and on which machine."""

    layers: list[Layer]
    command: str
    date: str  # the day of the run, for the picture's title
    machine: list[str]


def _us(seconds: float) -> int:
    return round(seconds * MICRO)


def _case(case: Case) -> list[Any]:
    times = [_us(t) for t in case.phases] if case.phases else [_us(case.seconds)]
    return [case.name, case.outcome, *times]


def dump(run: Run) -> dict[str, Any]:
    """The run as JSON-ready data; a test is [name, outcome, set-up, call, teardown] in µs."""
    return {
        "command": run.command,
        "date": run.date,
        "machine": run.machine,
        "layers": [
            {
                "name": layer.name,
                "wall": layer.wall,
                "cpu": layer.cpu,
                "session_failed": layer.session_failed,
                "suites": [
                    {
                        "member": suite.member,
                        "seconds": suite.seconds,
                        "started": suite.started.isoformat() if suite.started else None,
                        "cases": [_case(case) for case in suite.cases],
                    }
                    for suite in layer.suites
                ],
            }
            for layer in run.layers
        ],
    }


def _load_case(member: str, row: list[Any]) -> Case:
    name, outcome, *times = row
    seconds = [t / MICRO for t in times]
    phases = (seconds[0], seconds[1], seconds[2]) if len(seconds) == 3 else None
    return Case(member, name, sum(seconds), outcome, phases)


def load(data: dict[str, Any]) -> Run:
    """The run `dump` wrote."""
    layers = [
        Layer(
            entry["name"],
            tuple(
                Suite(
                    entry["name"],
                    suite["member"],
                    tuple(_load_case(suite["member"], row) for row in suite["cases"]),
                    suite["seconds"],
                    datetime.fromisoformat(suite["started"]) if suite["started"] else None,
                )
                for suite in entry["suites"]
            ),
            entry["wall"],
            entry["cpu"],
            entry["session_failed"],
        )
        for entry in data["layers"]
    ]
    return Run(layers, data["command"], data["date"], data["machine"])
