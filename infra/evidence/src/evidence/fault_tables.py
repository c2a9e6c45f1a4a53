"""The matrix's Markdown tables: verdicts (never a time in them), seconds, evidence, faults."""

from collections.abc import Sequence

from evidence.fault_matrix import BROKEN, CAUGHT, FaultResult, LayerRun, TestRef
from evidence.fault_patches import CLASSES


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


def link(test: TestRef | None) -> str:
    """A Markdown link from docs/ to the test's file and line, naming the kit class it is from."""
    if test is None or not test.file:
        return "-"
    target = f"[{test.file}:{test.line}](../{test.file}#L{test.line})"
    return f"{target} (inherits `{test.kit}`)" if test.kit else target


def broken_reasons(result: FaultResult, columns: Sequence[str]) -> str:
    """Each broken layer of a fault with why, for the verdict table's own column."""
    reasons = [
        f"{layer}: {result.run(layer).reason}"
        for layer in columns
        if result.run(layer).outcome == BROKEN
    ]
    return escape("; ".join(reasons)) or "-"


def verdict_table(results: Sequence[FaultResult], columns: Sequence[str]) -> list[str]:
    """Fault x layer (the owner's in bold), the verdict, broken runs and the first catch's test."""
    rows = [
        [
            f"`{r.fault.id}`",
            r.fault.kind,
            r.fault.owner,
            *(cell(r, x) for x in columns),
            r.verdict,
            broken_reasons(r, columns),
            link(r.run(r.first_catch).test if r.first_catch else None),
        ]
        for r in results
    ]
    header = ["fault", "class", "owner", *columns, "verdict", "broken (why)", "failed first"]
    return table(header, rows)


def seconds_table(results: Sequence[FaultResult], columns: Sequence[str]) -> list[str]:
    """Fault x layer: seconds to the first failure; in brackets, a full run that found none."""
    rows = [[f"`{r.fault.id}`", *(seconds(r.run(x)) for x in columns)] for r in results]
    return table(["fault", *columns], rows)


def evidence_table(results: Sequence[FaultResult], columns: Sequence[str]) -> list[str]:
    """What failed first in each layer that caught the fault, and where that test is."""
    rows = [
        [
            f"`{r.fault.id}`",
            layer,
            escape(r.run(layer).evidence),
            link(r.run(layer).test),
            code(r.run(layer).message),
        ]
        for r in results
        for layer in columns
        if r.run(layer).outcome == CAUGHT
    ]
    return table(["fault", "layer", "first failure", "the test", "what it said"], rows)


def faults_table(results: Sequence[FaultResult]) -> list[str]:
    rows = [
        [f"`{r.fault.id}`", escape(r.fault.description), escape(r.fault.skips) or "-"]
        for r in results
    ]
    return table(["fault", "what it does", "why a layer cannot see it (its `Skips`)"], rows)


def classes_table(results: Sequence[FaultResult]) -> list[str]:
    """Each class of bug the issue names, and the faults that stand for it."""
    rows = [
        [kind, label, ", ".join(f"`{r.fault.id}`" for r in results if r.fault.kind == kind)]
        for kind, label in CLASSES.items()
    ]
    return table(["class", "the bug", "faults"], rows)


def set_aside_lines(results: Sequence[FaultResult], columns: Sequence[str]) -> list[str]:
    """The failures that did not count as a catch, each with its reason, as list items."""
    lines = [
        f"- `{r.fault.id}`, {layer}: {escape(failure)}"
        for r in results
        for layer in columns
        for failure in r.run(layer).set_aside
    ]
    return lines or ["- none this run"]
