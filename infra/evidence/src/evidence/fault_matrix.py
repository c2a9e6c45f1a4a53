"""What each layer did with each fault, the verdict rules, and what the verdicts show.

A layer *caught* a fault when one of its tests failed with the fault applied and passes without
it; it *missed* it when all of them passed; *hung* means it was stopped at the time limit, and
*broken* that its tests kept failing without the fault too: both count as a miss. *Not run*
means the layer is not in the fault's reach. The verdict: `ok` when the owner caught it;
`owner missed`, and `escaped` when no layer caught it at all: either fails the run.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from evidence.fault_patches import LAYERS, Fault

CAUGHT, MISSED, HUNG, NOT_RUN = "caught", "missed", "hung", "not run"
BROKEN = "broken"  # its tests kept failing without the fault: it cannot say


@dataclass(frozen=True)
class LayerRun:
    outcome: str  # CAUGHT, MISSED, HUNG, BROKEN or NOT_RUN
    seconds: float | None = None  # to the first failure when caught, else the whole run
    sessions: tuple[str, ...] = ()  # those that ran, the failing one last
    evidence: str = ""  # the first failing test, or what failed instead
    message: str = ""  # what it said
    flaky: tuple[str, ...] = ()  # tests that failed without the fault too, set aside


@dataclass(frozen=True)
class FaultResult:
    fault: Fault
    runs: dict[str, LayerRun] = field(default_factory=dict)

    def run(self, layer: str) -> LayerRun:
        return self.runs.get(layer, LayerRun(NOT_RUN))

    @property
    def verdict(self) -> str:
        if not any(self.run(layer).outcome == CAUGHT for layer in LAYERS):
            return "escaped"
        if self.run(self.fault.owner).outcome != CAUGHT:
            return "owner missed"
        return "ok"

    @property
    def first_catch(self) -> str | None:
        """The cheapest layer that caught it, in the pyramid's order."""
        return next((layer for layer in LAYERS if self.run(layer).outcome == CAUGHT), None)


def failed(results: Sequence[FaultResult]) -> list[FaultResult]:
    return [result for result in results if result.verdict != "ok"]


def findings(results: Sequence[FaultResult]) -> list[str]:
    """What the verdicts show, as Markdown list items: the cases the strategy argues from."""

    def caught(r: FaultResult) -> set[str]:
        return {layer for layer in LAYERS if r.run(layer).outcome == CAUGHT}

    def ids(chosen: list[FaultResult]) -> str:
        return ", ".join(f"`{r.fault.id}`" for r in chosen) or "none"

    before_owner = [
        r
        for r in results
        if r.first_catch and LAYERS.index(r.first_catch) < LAYERS.index(r.fault.owner)
    ]
    return [
        "- Every unit test passed and an integration test failed: "
        + ids(
            [r for r in results if r.run("unit").outcome == MISSED and "integration" in caught(r)]
        ),
        "- Caught by the contract layer alone: "
        + ids([r for r in results if caught(r) == {"contract"}]),
        "- Caught by e2e alone: " + ids([r for r in results if caught(r) == {"e2e"}]),
        "- Caught below the layer that owns it, sooner and cheaper: " + ids(before_owner),
        "- Run through the contract layer, which missed it (pacts match types, not values): "
        + ids([r for r in results if r.run("contract").outcome == MISSED]),
    ]


def summary(results: Sequence[FaultResult]) -> list[str]:
    """One line per layer: how many faults it caught of those it ran, and how many it owns."""
    lines = []
    for layer in LAYERS:
        ran = [r for r in results if r.run(layer).outcome != NOT_RUN]
        caught = [r for r in ran if r.run(layer).outcome == CAUGHT]
        owned = [r for r in results if r.fault.owner == layer]
        lines.append(
            f"- {layer}: ran {len(ran)} faults, caught {len(caught)}; owns {len(owned)}, "
            f"caught {sum(r.run(layer).outcome == CAUGHT for r in owned)} of them"
        )
    return lines
