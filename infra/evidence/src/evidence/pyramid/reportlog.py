"""Each test's set-up, call and teardown to the microsecond, from pytest's own report log.

JUnit XML rounds a test's time to the millisecond: most unit tests read 0.000 s and the unit
median is 0. The sessions also write `.reports/durations/<layer>-<member>.jsonl` with
pytest-reportlog (`--report-log`): one JSON line per phase of each test, with pytest's own
`duration` at full precision. A suite's tests come from there when its log exists.
"""

import json
from dataclasses import replace
from pathlib import Path

from evidence.pyramid.junit import Case, ReportError, Suite

PHASES = ("setup", "call", "teardown")


def name(nodeid: str) -> str:
    """`unit/test_schemas.py::test_a_name_is_trimmed`: the node id without its `tests/`."""
    return nodeid.removeprefix("tests/")


def _outcome(outcomes: dict[str, str]) -> str:
    """A failed call is a failure; a failed set-up or teardown is an error, as JUnit says."""
    if "failed" in outcomes.values():
        return "failed" if outcomes.get("call") == "failed" else "error"
    return "skipped" if "skipped" in outcomes.values() else "passed"


def cases(text: str, member: str) -> tuple[Case, ...]:
    """The tests of one report log, in the order they ran."""
    phases: dict[str, dict[str, float]] = {}
    outcomes: dict[str, dict[str, str]] = {}
    for line in filter(str.strip, text.splitlines()):
        entry = json.loads(line)
        if entry.get("$report_type") != "TestReport":
            continue
        node = entry["nodeid"]
        phases.setdefault(node, {})[entry["when"]] = float(entry["duration"])
        outcomes.setdefault(node, {})[entry["when"]] = entry["outcome"]
    return tuple(
        Case(
            member,
            name(node),
            sum(times.values()),
            _outcome(outcomes[node]),
            (times.get("setup", 0.0), times.get("call", 0.0), times.get("teardown", 0.0)),
        )
        for node, times in phases.items()
    )


def with_durations(suite: Suite, folder: Path) -> Suite:
    """The suite with its tests from its report log in `folder`, if the run wrote one."""
    path = folder / f"{suite.layer}-{suite.member}.jsonl"
    if not path.exists():
        return suite
    try:
        return replace(suite, cases=cases(path.read_text(), suite.member))
    except (ValueError, KeyError, TypeError) as error:
        raise ReportError(f"{path}: not a report log pytest wrote ({error})") from error
