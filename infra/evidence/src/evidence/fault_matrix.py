"""What each layer did with each fault, the verdict rules, and what the verdicts show.

A layer *caught* a fault when one of its tests failed in its body with the fault applied, and
run alone failed with it and passed without it (`evidence.fault_judge`); it *missed* it when
all of its tests passed; *broken* means the run could not say (a collection error, a fixture
or a test double crashing, a tool failing, a time limit: its reason is kept), and is never a
catch. *Not run* means the layer was left out (the pruned mode, outside the fault's reach).

The verdict: `ok` when the owner caught it; `owner broken` when the owner's run was broken (the
verdict would rest on it); `owner missed`; `escaped` when no layer caught it at all. Any verdict
but `ok` fails the run. The "mocked" column (a team's mocked-repository tests, kept as a
counter-example) is shown beside the others but never owns a fault nor counts as its catch.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from evidence.fault_patches import LAYERS, Fault

CAUGHT, MISSED, BROKEN, NOT_RUN = "caught", "missed", "broken", "not run"
MOCKED = "mocked"
# The matrix's columns, in the pyramid's order; mocked sits beside the integration layer whose
# real database it stands in for.
COLUMNS = ("unit", MOCKED, "integration", "contract", "e2e")


@dataclass(frozen=True)
class TestRef:
    """Where a failing test is: to run it again alone (`--check`) and to link to it."""

    __test__ = False  # not a test class, whatever pytest makes of its name

    env: str  # its session's environment in .nox/: "unit-orders", "contracts-users"
    folder: str  # its member's folder, pytest's rootdir: "services/orders"
    nodeid: str  # relative to `folder`: tests/unit/test_x.py::TestY::test_z[a]
    file: str = ""  # the file a reader opens, from the repository's root: the service's own
    line: int = 0  # the test's line there (or its class's, for a test inherited from the kit)
    kit: str = ""  # the kit class the test is inherited from ("" when written in `file`)
    provider: bool = False  # a provider verification: it reads the consumers' pacts


@dataclass(frozen=True)
class LayerRun:
    outcome: str  # CAUGHT, MISSED, BROKEN or NOT_RUN
    seconds: float | None = None  # to the first failure when caught, else the whole run
    sessions: tuple[str, ...] = ()  # those that ran, the failing one last
    evidence: str = ""  # the first failing test (`<report>: module::test`), or what failed
    message: str = ""  # what it said
    set_aside: tuple[str, ...] = ()  # failures that did not count, each with its reason
    reason: str = ""  # why the run is broken
    test: TestRef | None = None  # the test that caught it


@dataclass(frozen=True)
class FaultResult:
    fault: Fault
    runs: dict[str, LayerRun] = field(default_factory=dict)

    def run(self, layer: str) -> LayerRun:
        return self.runs.get(layer, LayerRun(NOT_RUN))

    @property
    def verdict(self) -> str:
        owner = self.run(self.fault.owner).outcome
        if owner == CAUGHT:
            return "ok"
        if owner == BROKEN:
            return "owner broken"
        if not any(self.run(layer).outcome == CAUGHT for layer in LAYERS):
            return "escaped"
        return "owner missed"

    @property
    def first_catch(self) -> str | None:
        """The cheapest layer that caught it, in the pyramid's order (never the mocked one)."""
        return next((layer for layer in LAYERS if self.run(layer).outcome == CAUGHT), None)

    def caught_by(self) -> set[str]:
        return {layer for layer in LAYERS if self.run(layer).outcome == CAUGHT}


def failed(results: Sequence[FaultResult]) -> list[FaultResult]:
    return [result for result in results if result.verdict != "ok"]


def every_layer_ran(results: Sequence[FaultResult]) -> bool:
    """Whether every fault went through every layer: only then can "alone" be said."""
    return all(r.run(layer).outcome != NOT_RUN for r in results for layer in LAYERS)


def findings(results: Sequence[FaultResult]) -> list[str]:
    """What the verdicts show, as Markdown list items: the cases the strategy argues from."""

    def ids(chosen: list[FaultResult]) -> str:
        return ", ".join(f"`{r.fault.id}`" for r in chosen) or "none"

    before_owner = [
        r
        for r in results
        if r.first_catch and LAYERS.index(r.first_catch) < LAYERS.index(r.fault.owner)
    ]
    lines = [
        "- Every unit test passed and an integration test failed: "
        + ids(
            [
                r
                for r in results
                if r.run("unit").outcome == MISSED and "integration" in r.caught_by()
            ]
        ),
    ]
    if any(r.run(MOCKED).outcome != NOT_RUN for r in results):
        lines.append(
            "- The mocked-repository tests passed and an integration test on the real database "
            "failed: "
            + ids(
                [
                    r
                    for r in results
                    if r.run(MOCKED).outcome == MISSED and "integration" in r.caught_by()
                ]
            )
        )
    if every_layer_ran(results):

        def alone(layer: str) -> list[FaultResult]:
            """Caught by `layer`, and every other layer ran to the end and missed it."""
            others = [other for other in LAYERS if other != layer]
            return [
                r
                for r in results
                if r.caught_by() == {layer} and all(r.run(o).outcome == MISSED for o in others)
            ]

        lines += [
            "- Caught by the contract layer alone: " + ids(alone("contract")),
            "- Caught by e2e alone: " + ids(alone("e2e")),
        ]
    lines += [
        "- Caught below the layer that owns it, sooner and cheaper: " + ids(before_owner),
        "- Run through the contract layer, which missed it (pacts match types, not values): "
        + ids([r for r in results if r.run("contract").outcome == MISSED]),
        "- A broken run (never counted as a catch) in a layer that does not own the fault: "
        + ids(
            [
                r
                for r in results
                if any(
                    r.run(layer).outcome == BROKEN and layer != r.fault.owner for layer in COLUMNS
                )
            ]
        ),
    ]
    return lines


def summary(results: Sequence[FaultResult], columns: Sequence[str]) -> list[str]:
    """One line per layer: what it caught of the faults it ran, and of those it owns."""
    lines = []
    for layer in columns:
        ran = [r for r in results if r.run(layer).outcome != NOT_RUN]
        caught = [r for r in ran if r.run(layer).outcome == CAUGHT]
        broken = [r for r in ran if r.run(layer).outcome == BROKEN]
        owned = [r for r in results if r.fault.owner == layer]
        owns = (
            "owns none (a counter-example)"
            if layer == MOCKED
            else f"owns {len(owned)}, caught {sum(r.run(layer).outcome == CAUGHT for r in owned)}"
            " of them"
        )
        lines.append(
            f"- {layer}: ran {len(ran)}, caught {len(caught)}, broken {len(broken)}; {owns}"
        )
    return lines
