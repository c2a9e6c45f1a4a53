"""Samples of a quantity, and the Markdown table of medians, minima and maxima they make.

Standard library only: `render` is the generated block `infrastructure` of docs/benchmarks.md,
from docs/infrastructure.json (infrastructure.py writes both; `nox -s lint` renders it again).
"""

import math
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Measurement:
    """Samples of one quantity, in seconds, with the unit to show them in."""

    what: str
    samples: list[float]
    unit: str  # "s" or "ms"
    label: str = ""  # a short name for the text under the table

    def show(self, seconds: float) -> str:
        if self.unit == "ms":
            return f"{seconds * 1000:.2f} ms"
        return f"{seconds:.2f} s"

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    def row(self) -> str:
        """One Markdown table row: what, runs, median, min, max."""
        cells = (
            self.what,
            str(len(self.samples)),
            f"**{self.show(self.median)}**",
            self.show(min(self.samples)),
            self.show(max(self.samples)),
        )
        return "| " + " | ".join(cells) + " |"


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest rank: the smallest sample with at least `fraction` of them at or below it; NaN
    when there is nothing to rank."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    return ordered[max(math.ceil(fraction * len(ordered)), 1) - 1]


def progress(message: str) -> None:
    """Progress on standard error, so that standard output stays pastable Markdown."""
    print(message, file=sys.stderr, flush=True)


def repeat(what: str, runs: int, measure: Callable[[], float]) -> Measurement:
    """Run `measure` (seconds) `runs` times, one after the other, reporting each run."""
    samples = []
    for run in range(1, runs + 1):
        samples.append(measure())
        progress(f"{what}: run {run}/{runs}: {samples[-1]:.3f} s")
    return Measurement(what, samples, "s")


def render(data: dict) -> str:
    """The block: the command, the table, the isolation overheads over the baseline, the machine."""
    measurements = [Measurement(**m) for m in data["measurements"]]
    lines = [
        f"Written by `{data['command']}` from its results,"
        " [infrastructure.json](infrastructure.json).",
        "",
        "| What | Runs | Median | Min | Max |",
        "|---|---:|---:|---:|---:|",
        *(m.row() for m in measurements),
        "",
    ]
    per_test = [m for m in measurements if m.unit == "ms"]
    if per_test:
        baseline = per_test[0].median
        overheads = ", ".join(
            f"{m.label} {(m.median - baseline) * 1000:+.2f} ms" for m in per_test[1:]
        )
        lines += [f"Isolation cost over the work alone (medians): {overheads}.", ""]
    return "\n".join([*lines, "Machine:", "", *data["machine"], ""])
