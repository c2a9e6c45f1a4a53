"""The JUnit XML each layer's pytest writes: .reports/junit/<layer>-<member>.xml.

The unit and integration sessions name the file after the member (`unit-orders.xml`), the
contract pipeline after the run (`contracts-orders.xml`, `contracts-orders-provider.xml`), E2E
after its suite (`e2e-journeys.xml`).
"""

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

LAYERS = ("unit", "integration", "contracts", "e2e")  # the pyramid, bottom to top


class ReportError(Exception):
    """A JUnit file that cannot be read, or a run with nothing to report."""


@dataclass(frozen=True)
class Case:
    """One test: pytest's time is setup + call + teardown (its default `junit_duration_report`).

    `phases` holds those three apart, to the microsecond, when the run wrote a report log
    (`evidence.pyramid.reportlog`); JUnit alone gives their sum to the millisecond.
    """

    member: str
    name: str
    seconds: float
    outcome: str  # passed, failed, error or skipped
    phases: tuple[float, float, float] | None = None  # set-up, call, teardown

    @property
    def setup(self) -> float | None:
        """Its fixtures' set-up: a module or session fixture's is paid by the first that asks."""
        return self.phases[0] if self.phases else None


@dataclass(frozen=True)
class Suite:
    """One pytest run; `seconds` is its session: collection, fixtures, tests (not start-up)."""

    layer: str
    member: str
    cases: tuple[Case, ...]
    seconds: float
    started: datetime | None

    @property
    def finished(self) -> datetime | None:
        return self.started + timedelta(seconds=self.seconds) if self.started else None


def _outcome(case: ET.Element) -> str:
    for tag in ("error", "failure", "skipped"):
        if case.find(tag) is not None:
            return "failed" if tag == "failure" else tag
    return "passed"


def _name(case: ET.Element) -> str:
    """`unit.test_schemas::test_a_name_is_trimmed`: pytest's classname without its `tests.`."""
    module = case.get("classname", "").removeprefix("tests.")
    return f"{module}::{case.get('name', '?')}" if module else case.get("name", "?")


def _started(suite: ET.Element) -> datetime | None:
    """When the suite started; an older pytest writes local time without a zone."""
    stamp = suite.get("timestamp")
    return datetime.fromisoformat(stamp).astimezone() if stamp else None


def parse(text: str, *, layer: str, member: str) -> Suite:
    """The suite in one JUnit document (a <testsuites> of <testsuite>s, or one <testsuite>)."""
    try:
        root = ET.fromstring(text)  # noqa: S314 (our own pytest's output)
        suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
        cases = tuple(
            Case(member, _name(case), float(case.get("time") or 0), _outcome(case))
            for suite in suites
            for case in suite.iter("testcase")
        )
        seconds = sum(float(suite.get("time") or 0) for suite in suites)
        stamps = [stamp for stamp in map(_started, suites) if stamp]
    except (ET.ParseError, ValueError) as error:
        raise ReportError(f"{layer}-{member}: not JUnit XML pytest wrote ({error})") from error
    return Suite(layer, member, cases, seconds, min(stamps, default=None))


def read(folder: Path, layer: str) -> list[Suite]:
    """Every suite the layer wrote into `folder`; none when the layer has not run."""
    suites = []
    for path in sorted(folder.glob(f"{layer}-*.xml"), key=lambda path: path.stem):
        member = path.stem.removeprefix(f"{layer}-")
        try:
            suites.append(parse(path.read_text(), layer=layer, member=member))
        except ReportError as error:
            raise ReportError(f"{path}: {error}") from error
    return suites
