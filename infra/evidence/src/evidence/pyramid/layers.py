"""Tests and seconds per layer and per member, and what each layer costs next to unit's."""

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace

from evidence.pyramid.junit import Case, Suite

ABSENT = ("not run", "failed, no JUnit")
# The members whose tests test the test tooling, not the system: apart in the report, since
# their hundreds of fast unit tests would otherwise make the system's pyramid look broader.
TOOLING = ("testkit", "evidence")


@dataclass(frozen=True)
class Layer:
    """One layer's suites; `wall` and `cpu`: `nox -s <layer>` timed in the run that wrote them."""

    name: str
    suites: tuple[Suite, ...]
    wall: float | None = None
    cpu: float | None = None
    session_failed: bool = False  # its timed `nox -s <layer>` failed

    @property
    def ran(self) -> bool:
        return bool(self.suites)

    @property
    def absence(self) -> str:
        """Why a layer without suites has no figures: never run, or failed before any test."""
        return ABSENT[1] if self.session_failed else ABSENT[0]

    @property
    def cases(self) -> list[Case]:
        """The tests that ran: a skipped test cost nothing and proved nothing."""
        return [case for suite in self.suites for case in suite.cases if case.outcome != "skipped"]

    @property
    def tests(self) -> int:
        return len(self.cases)

    @property
    def failed(self) -> int:
        return sum(case.outcome in ("failed", "error") for case in self.cases)

    @property
    def skipped(self) -> int:
        return sum(case.outcome == "skipped" for suite in self.suites for case in suite.cases)

    @property
    def test_seconds(self) -> float:
        return sum(case.seconds for case in self.cases)

    @property
    def median(self) -> float | None:
        return statistics.median(case.seconds for case in self.cases) if self.cases else None

    @property
    def shared_median(self) -> float | None:
        """The median test with its module's set-ups spread evenly over the module's tests.

        A fixture of module scope is set up in the first test that asks for it, and the others
        read only their own call (six E2E checks judge one probe's output): here each test costs
        its own call and teardown plus its module's set-up time divided by its number of tests.
        A session fixture's work stays with its first module; a test without phases (JUnit
        alone) keeps its own time.
        """
        modules: dict[tuple[str, str], list[Case]] = {}
        for case in self.cases:
            modules.setdefault((case.member, case.name.split("::")[0]), []).append(case)
        spread = []
        for cases in modules.values():
            setup = sum(case.setup or 0.0 for case in cases) / len(cases)
            spread += [case.seconds - (case.setup or 0.0) + setup for case in cases]
        return statistics.median(spread) if spread else None

    @property
    def mean(self) -> float | None:
        return self.test_seconds / self.tests if self.tests else None

    @property
    def setup_seconds(self) -> float | None:
        """The tests' set-up phases added up; None unless every test has its phases."""
        setups = [case.setup for case in self.cases if case.setup is not None]
        return sum(setups) if setups and len(setups) == self.tests else None

    @property
    def outside_tests(self) -> float:
        """pytest's time outside any test: collection, start-up of plugins, session teardown."""
        return max(self.pytest_seconds - self.test_seconds, 0.0)

    @property
    def pytest_seconds(self) -> float:
        """The suites' own times added up: what the layer costs run one suite after another."""
        return sum(suite.seconds for suite in self.suites)

    def slowest(self, count: int = 10) -> list[Case]:
        """The layer's answer to `pytest --durations=10`, across all its suites."""
        return sorted(self.cases, key=lambda case: case.seconds, reverse=True)[:count]


def part(layers: Sequence[Layer], *, tooling: bool) -> list[Layer]:
    """The layers with only the tooling's suites, or only the system's.

    The timed session ran both parts together: its wall and CPU time belong to neither alone.
    """
    return [
        replace(
            layer,
            suites=tuple(s for s in layer.suites if (service(s.member) in TOOLING) == tooling),
            wall=None,
            cpu=None,
        )
        for layer in layers
    ]


def shape(counts: dict[str, int]) -> str:
    """A member's shape from its tests per layer, named as the field names them.

    A *pyramid* (Cohn) has each layer no larger than the one below it; a *honeycomb* (Spotify)
    has more integration tests than unit tests and than any layer above.
    """
    unit, integration = counts.get("unit", 0), counts.get("integration", 0)
    above = max(counts.get("contracts", 0), counts.get("e2e", 0))
    if integration > unit and integration >= above:
        return "honeycomb"
    if unit >= integration >= above and unit:
        return "pyramid"
    return "other"


def _ratio(value: float | None, base: float | None) -> float | None:
    return value / base if value is not None and base else None


@dataclass(frozen=True)
class Ratios:
    """A layer's figures divided by the base layer's (unit): 40.0 means forty times unit's."""

    layer: str
    tests: float | None
    median: float | None
    shared_median: float | None
    mean: float | None
    pytest_seconds: float | None
    wall: float | None
    cpu: float | None


def ratios(layers: Sequence[Layer], base: str = "unit") -> list[Ratios]:
    """Every other layer next to `base`; None where either side has no figure (not run, 0 s)."""
    bottom = next(layer for layer in layers if layer.name == base)
    return [
        Ratios(
            layer.name,
            _ratio(layer.tests, bottom.tests) if layer.ran else None,
            _ratio(layer.median, bottom.median),
            _ratio(layer.shared_median, bottom.shared_median),
            _ratio(layer.mean, bottom.mean),
            _ratio(layer.pytest_seconds, bottom.pytest_seconds) if layer.ran else None,
            _ratio(layer.wall, bottom.wall),
            _ratio(layer.cpu, bottom.cpu),
        )
        for layer in layers
        if layer.name != base
    ]


def service(member: str) -> str:
    """The member a suite tests: the contract pipeline names provider runs `<member>-provider`."""
    return member.removesuffix("-provider")


def by_service(layers: Sequence[Layer]) -> dict[str, dict[str, tuple[int, float]]]:
    """Member -> layer -> (tests, pytest seconds): each member's own small pyramid."""
    table: dict[str, dict[str, tuple[int, float]]] = {}
    for layer in layers:
        for suite in layer.suites:
            cell = table.setdefault(service(suite.member), {}).get(layer.name, (0, 0.0))
            tests = sum(case.outcome != "skipped" for case in suite.cases)
            table[service(suite.member)][layer.name] = (cell[0] + tests, cell[1] + suite.seconds)
    return dict(sorted(table.items()))


def cost(layers: Sequence[Layer]) -> tuple[str, dict[str, float]]:
    """One measure of time for all layers: the timed nox sessions if all have one, else pytest's."""
    ran = [layer for layer in layers if layer.ran]
    if ran and all(layer.wall is not None for layer in ran):
        return "wall time of `nox -s <layer>`", {layer.name: layer.wall or 0.0 for layer in ran}
    return "pytest time from JUnit", {layer.name: layer.pytest_seconds for layer in ran}
