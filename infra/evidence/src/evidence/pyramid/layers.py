"""Tests and seconds per layer and per member, and what each layer costs next to unit's."""

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from evidence.pyramid.junit import Case, Suite

ABSENT = ("not run", "failed, no JUnit")


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
    def mean(self) -> float | None:
        return self.test_seconds / self.tests if self.tests else None

    @property
    def pytest_seconds(self) -> float:
        """The suites' own times added up: what the layer costs run one suite after another."""
        return sum(suite.seconds for suite in self.suites)

    def slowest(self, count: int = 10) -> list[Case]:
        """The layer's answer to `pytest --durations=10`, across all its suites."""
        return sorted(self.cases, key=lambda case: case.seconds, reverse=True)[:count]


def _ratio(value: float | None, base: float | None) -> float | None:
    return value / base if value is not None and base else None


@dataclass(frozen=True)
class Ratios:
    """A layer's figures divided by the base layer's (unit): 40.0 means forty times unit's."""

    layer: str
    tests: float | None
    median: float | None
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
