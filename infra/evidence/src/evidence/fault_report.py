"""docs/fault-matrix.md: the verdicts, then times and evidence; a pure function of the results.

`render(results)` makes the whole document from what docs/fault-matrix.json holds
(`evidence.fault_results`), so a check can make it again offline and compare. A fresh run
agrees with the committed file when their verdict tables are equal: times, dates and the
machine are kept out of that table, in sections of their own.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from evidence.fault_matrix import MOCKED, findings, summary
from evidence.fault_patches import Fault
from evidence.fault_results import ALL_LAYERS, results
from evidence.fault_tables import (
    classes_table,
    evidence_table,
    faults_table,
    seconds_table,
    set_aside_lines,
    verdict_table,
)

VERDICTS = "## Verdicts"

JUDGE = """\
A layer **caught** a fault only when a named test failed in its own body (its call phase, read
from the JUnit XML) with the fault applied, and that test, run again alone, failed with the
fault and passed without it, in the same run; every layer first ran green on the clean tree
(the baseline). For the contract layer the consumers write their pacts and the providers verify
those fresh pacts (`contracts -- --update`, in the copy); a failing provider is run again alone
on the fresh pacts and on the committed ones. For e2e the failing journey is run again alone on
the fault's stack, and the same journey passed on the clean tree's stack in the baseline.

A run is **broken**, never a catch, when pytest did not end with "tests ran and some failed" (a
collection or import error, no such test, a uv, nox, compose or build failure, a time limit),
when the failure was in a fixture's set-up or tear-down, when a test double crashed (the
exception was raised in a class the tests define, or names one: the fake lacked what the code
asked of it), or when the rerun alone did not fail with the fault and pass without it. A
failure set aside for such a reason is deselected and the layer run again, so a real catch
behind it still counts. The run fails when an owner's verdict rests on a broken run.
"""

SOUNDNESS = """\
- **Other members' suites.** Each unit or integration session installs one member and what it
  depends on, exactly as locked, and services never import each other. A fault in member M can
  only change what M and the members depending on M run (the chassis reaches every service and
  the test kit), so those suites run, M's first; every other suite runs the very code it ran
  without the fault, on a database of its own, and cannot change its result.
- **The first failure ends a layer** (`pytest -x`, `nox --stop-on-first-error`): what the matrix
  needs of a layer is whether it catches the fault and how soon, not how many tests fail.
"""

PRUNED = """\
- **Layers outside a fault's reach (this run's mode).** Only the layers of each fault's `Reach`
  ran. A verdict needs the owner's run, which always happens, and some layer that caught the
  fault; a layer not run can only leave out a second catch. So this report says nothing about
  what one layer caught *alone*: only a run of every layer (`-- --all-layers`) can.
"""


def legend(mocked: bool) -> list[str]:
    """What the verdict table's bold cells and (when shown) its mocked column mean."""
    lines = ["In bold, the layer that owns the kind of bug (`infra/faults/README.md`)."]
    if mocked:
        lines += [
            "The mocked column is a team's mocked-repository tests (`tests/mocked/`), shown as a",
            "counter-example: it owns no fault and its catches count for no verdict.",
        ]
    return [
        *lines,
        "The run fails when an owner misses its fault, its run is broken, or a fault escapes",
        "every layer.",
    ]


def render(data: Mapping[str, Any]) -> str:
    """The whole document from a results file's content (docs/fault-matrix.json)."""
    found = results(data)
    columns = data["columns"]
    every = data["mode"] == ALL_LAYERS
    command = "nox -s faults -- --all-layers" if every else "nox -s faults"
    mocked = ", and the mocked counter-example" if MOCKED in columns else ""
    ran = (
        [f"through every layer (unit, integration, contract, e2e{mocked})."]
        if every
        else [
            "through the layers of its `Reach` only: the pruned mode, which makes no claim of a",
            "layer catching a fault *alone* (`-- --all-layers` runs every layer).",
        ]
    )
    baseline = [
        f"- {layer}: green in {run['seconds']:.1f} s ({', '.join(run['sessions'])})"
        for layer, run in data["baseline"].items()
    ]
    lines = [
        "# The fault matrix: which layer catches which bug, and how fast",
        "",
        f"Written by `{command}` (`evidence.faults`) from its results,",
        "[fault-matrix.json](fault-matrix.json); do not edit. Each fault in `infra/faults/` is a",
        "realistic bug kept as a patch. It is applied alone to a throw-away copy of the repository",
        "and run",
        *ran,
        "In CI, `nox -s faults -- --check` runs each unit-, integration- and contract-owned",
        "fault's owning test (the one linked below) with its patch, where it must fail, and",
        "without it, where it must pass.",
        "",
        VERDICTS,
        "",
        *verdict_table(found, columns),
        "",
        *legend(MOCKED in columns),
        "",
        *summary(found, columns),
        "",
        "What the verdicts show:",
        "",
        *findings(found),
        "",
        "## How a catch is judged",
        "",
        JUDGE,
        "The baseline, each layer on the clean tree before any fault:",
        "",
        *(baseline or ["- not run"]),
        "",
        "## Seconds to the first failure",
        "",
        *seconds_table(found, columns),
        "",
        "Seconds from the layer's start (its environments already made) to its first failing",
        "test; in brackets, a whole run that found nothing. Times vary between runs and machines;",
        "the verdicts do not.",
        "",
        "## What failed first",
        "",
        *evidence_table(found, columns),
        "",
        "Failures that did not count, each with why (the layer ran again without them):",
        "",
        *set_aside_lines(found, columns),
        "",
        "## The faults",
        "",
        *faults_table(found),
        "",
        *classes_table(found),
        "",
        "## Why the services not run cannot change a verdict",
        "",
        SOUNDNESS + ("" if every else PRUNED),
        "## The run",
        "",
        *data["facts"],
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
    """The faults the committed matrix does not show as they are now (id, class, owner)."""
    shown = set()
    for row in verdicts(committed)[2:]:
        cells = [cell.strip().strip("`*") for cell in row.strip("|").split("|")]
        shown.add((cells[0], cells[1], cells[2]))
    now = {(fault.id, fault.kind, fault.owner) for fault in faults}
    return sorted({entry[0] for entry in shown ^ now})
