"""The matrix's Markdown tables: verdicts (never a time in them), seconds, evidence, faults."""

from collections.abc import Sequence

from evidence.fault_matrix import CAUGHT, FaultResult, LayerRun
from evidence.fault_patches import CLASSES, LAYERS


def cell(result: FaultResult, layer: str) -> str:
    """A verdict cell: the outcome, in bold for the owner's layer. No time: it must not vary."""
    outcome = result.run(layer).outcome
    return f"**{outcome}**" if layer == result.fault.owner else outcome


def seconds(run: LayerRun) -> str:
    if run.seconds is None:
        return "-"
    return f"{run.seconds:.1f}" if run.outcome == CAUGHT else f"({run.seconds:.1f})"


def escape(text: str) -> str:
    """Text for a Markdown table cell: a `|` would end the cell."""
    return text.replace("|", "\\|")


def code(text: str) -> str:
    """Text as a code span in a table cell; a dash when there is none."""
    return f"`{escape(text.replace('`', chr(39)))}`" if text else "-"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def verdict_table(results: Sequence[FaultResult]) -> list[str]:
    """Fault x layer: caught, missed or not run (the owner's in bold), and the verdict."""
    rows = [
        [f"`{r.fault.id}`", r.fault.kind, r.fault.owner, *(cell(r, x) for x in LAYERS), r.verdict]
        for r in results
    ]
    return table(["fault", "class", "owner", *LAYERS, "verdict"], rows)


def seconds_table(results: Sequence[FaultResult]) -> list[str]:
    """Fault x layer: seconds to the first failure; in brackets, a full run that found none."""
    rows = [[f"`{r.fault.id}`", *(seconds(r.run(x)) for x in LAYERS)] for r in results]
    return table(["fault", *LAYERS], rows)


def evidence_table(results: Sequence[FaultResult]) -> list[str]:
    """What failed first in each layer that caught the fault."""
    rows = [
        [f"`{r.fault.id}`", layer, escape(r.run(layer).evidence), code(r.run(layer).message)]
        for r in results
        for layer in LAYERS
        if r.run(layer).outcome == CAUGHT
    ]
    return table(["fault", "layer", "first failure", "what it said"], rows)


def faults_table(results: Sequence[FaultResult]) -> list[str]:
    rows = [
        [f"`{r.fault.id}`", escape(r.fault.description), escape(r.fault.skips) or "-"]
        for r in results
    ]
    return table(["fault", "what it does", "layers left out, and why"], rows)


def classes_table(results: Sequence[FaultResult]) -> list[str]:
    """Each class of bug the issue names, and the faults that stand for it."""
    rows = [
        [kind, label, ", ".join(f"`{r.fault.id}`" for r in results if r.fault.kind == kind)]
        for kind, label in CLASSES.items()
    ]
    return table(["class", "the bug", "faults"], rows)


def flaky_lines(results: Sequence[FaultResult]) -> list[str]:
    """The tests set aside because they failed without the fault too, as list items."""
    lines = [
        f"- `{r.fault.id}`, {layer}: {escape(test)}"
        for r in results
        for layer in LAYERS
        for test in r.run(layer).flaky
    ]
    return lines or ["- none this run"]
