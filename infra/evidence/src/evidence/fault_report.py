"""docs/fault-matrix.md: the verdicts (the same on every run), then times and evidence.

A fresh run agrees with the committed file when their verdict tables are equal: times, dates and
the machine are kept out of that table, in sections of their own.
"""

from collections.abc import Sequence

from evidence.fault_matrix import NOT_RUN, FaultResult, findings, summary
from evidence.fault_patches import LAYERS, Fault
from evidence.fault_tables import (
    classes_table,
    evidence_table,
    faults_table,
    flaky_lines,
    seconds_table,
    verdict_table,
)

VERDICTS = "## Verdicts"

SOUNDNESS = """\
- **Other members' suites.** Each unit or integration session installs one member and what it
  depends on, exactly as locked, and services never import each other. A fault in member M can
  only change what M and the members depending on M run (the chassis reaches every service and
  the test kit), so those suites run, M's first; every other suite runs the very code it ran
  without the fault, on a database of its own, and cannot change its result.
- **Layers outside a fault's reach.** The unit layer does no I/O: a migration runs in none of its
  tests, so migration faults skip it. No test below e2e reads `docker-compose.yml` (the kit's
  unit test compares its image names only, which no compose fault touches), so compose faults
  run e2e alone. Each fault's `Skips` line says why its other layers cannot see it. E2E, a
  copy of the whole system per fault (a minute or two), runs for the faults it owns and for one
  that crosses a boundary its journeys cover (a REST call), to set its cost beside the owner's.
- **Skipping never flatters a verdict.** A verdict needs the owner's run, which always happens,
  and some layer that caught the fault. A layer not run can only leave out a second catch: a
  fault caught by no layer that ran counts as escaped and fails the run, even if a layer that was
  skipped would have caught it. So the rules are strict where a layer is skipped, never lenient.
- **The first failure ends a layer** (`pytest -x`, `nox --stop-on-first-error`): what the matrix
  needs of a layer is whether it catches the fault and how soon, not how many tests fail.
"""


def document(
    results: Sequence[FaultResult], *, run_facts: Sequence[str], command: str = "nox -s faults"
) -> str:
    lines = [
        "# The fault matrix: which layer catches which bug, and how fast",
        "",
        f"Written by `{command}` (`evidence.faults`); do not edit. Each fault in `infra/faults/`",
        "is a realistic bug kept as a patch. It is applied alone to a throw-away copy of the",
        "repository and run through the layers it can reach; `nox -s faults -- --check` (CI) only",
        "checks that every patch still applies and changes what it names.",
        "",
        VERDICTS,
        "",
        *verdict_table(results),
        "",
        "In bold, the layer that owns the kind of bug (`infra/faults/README.md`). The run fails",
        "when an owner misses its fault or a fault escapes every layer.",
        "",
        *summary(results),
        "",
        "What the verdicts show:",
        "",
        *findings(results),
        "",
        "## Seconds to the first failure",
        "",
        *seconds_table(results),
        "",
        "Seconds from the layer's start (its environments already made) to its first failing",
        "test; in brackets, a whole run that found nothing. Times vary between runs and machines;",
        "the verdicts do not.",
        "",
        "## What failed first",
        "",
        *evidence_table(results),
        "",
        "Each failure is run again alone, with the fault and without it: only a test that fails",
        "with it and passes without it counts. One that fails without it too was set aside",
        "(`--deselect`) and its layer run again:",
        "",
        *flaky_lines(results),
        "",
        "## The faults",
        "",
        *faults_table(results),
        "",
        *classes_table(results),
        "",
        "## Why the layers and services not run cannot change a verdict",
        "",
        SOUNDNESS,
        "## The run",
        "",
        *run_facts,
        "",
    ]
    return "\n".join(lines)


def verdicts(markdown: str) -> list[str]:
    """The rows of a matrix document's verdict table (empty if it has none)."""
    _, found, rest = markdown.partition(VERDICTS + "\n\n")
    if not found:
        return []
    rows = []
    for line in rest.splitlines():
        if not line.startswith("|"):
            break
        rows.append(line)
    return rows


def disagreements(committed: str, fresh: str) -> list[str]:
    """The verdict rows in which a fresh matrix and the committed one differ."""
    old, new = verdicts(committed), verdicts(fresh)
    return [f"- {row}" for row in old if row not in new] + [
        f"+ {row}" for row in new if row not in old
    ]


def stale(committed: str, faults: Sequence[Fault]) -> list[str]:
    """The faults the committed matrix does not show as they are now (id, class, owner, reach)."""
    shown = set()
    for row in verdicts(committed)[2:]:
        cells = [cell.strip().strip("`*") for cell in row.strip("|").split("|")]
        ran = tuple(
            layer for layer, outcome in zip(LAYERS, cells[3:7], strict=True) if outcome != NOT_RUN
        )
        shown.add((cells[0], cells[1], cells[2], ran))
    now = {(fault.id, fault.kind, fault.owner, fault.reach) for fault in faults}
    return sorted({entry[0] for entry in shown ^ now})
