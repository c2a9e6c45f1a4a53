"""The report's tables as rows of cells, and those rows as terminal text or as Markdown."""

from collections.abc import Sequence

from evidence.pyramid.layers import ABSENT, Layer, by_service, ratios, shape

Table = tuple[list[str], list[list[str]]]  # header, rows


def us(seconds: float | None) -> str:
    """Microseconds, whole, with thousands apart: `183`, `49,012`."""
    return "-" if seconds is None else f"{seconds * 1_000_000:,.0f}"


def s(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds:.1f}"


def times(ratio: float | None) -> str:
    """A ratio as `0.76x`, `3.2x` or `140x`: two significant figures are all the noise allows."""
    if ratio is None:
        return "-"
    return f"{ratio:.2f}x" if ratio < 1 else f"{ratio:.1f}x" if ratio < 10 else f"{ratio:.0f}x"


def layer_table(layers: Sequence[Layer], *, timed: bool = True) -> Table:
    """Per layer; `timed` adds the wall and CPU time of its whole session."""
    header = ["layer", "suites", "tests", "failed", "median µs/test", "module-shared median µs"]
    header += ["mean µs/test"]
    header += ["sum of tests s", "of it set-up s", "outside tests s", "pytest s"]
    header += ["wall s", "cpu s"] if timed else []
    rows = []
    for layer in layers:
        if not layer.ran:
            rows.append([layer.name, layer.absence, *["-"] * (len(header) - 2)])
            continue
        row = [layer.name, str(len(layer.suites)), str(layer.tests), str(layer.failed)]
        row += [us(layer.median), us(layer.shared_median), us(layer.mean), s(layer.test_seconds)]
        row += [s(layer.setup_seconds), s(layer.outside_tests), s(layer.pytest_seconds)]
        rows.append(row + ([s(layer.wall), s(layer.cpu)] if timed else []))
    return header, rows


def ratio_table(layers: Sequence[Layer]) -> Table:
    header = ["layer", "tests", "median per test", "module-shared median", "mean per test"]
    header += ["pytest time", "wall time", "cpu time"]
    figures = ("tests", "median", "shared_median", "mean", "pytest_seconds", "wall", "cpu")
    rows = [[r.layer, *(times(getattr(r, name)) for name in figures)] for r in ratios(layers)]
    return header, rows


def service_table(layers: Sequence[Layer]) -> Table:
    """Per member: `tests / pytest s` in each layer (contracts: consumer and provider runs), and
    the shape its test counts make (`layers.shape`)."""
    header = ["member", *(layer.name for layer in layers), "shape"]
    rows = []
    for member, cells in by_service(layers).items():
        counts = {name: cell[0] for name, cell in cells.items()}
        row = [f"{c[0]} / {c[1]:.1f} s" if (c := cells.get(x.name)) else "-" for x in layers]
        own = "unit" in counts or "integration" in counts
        rows.append([member, *row, shape(counts) if own else "-"])
    return header, rows


def _phase(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds:.6f}"


def slowest_table(layer: Layer, count: int = 10) -> Table:
    header = ["#", "s", "of it set-up s", "member", "test"]
    rows = [
        [str(rank), f"{case.seconds:.6f}", _phase(case.setup), case.member, case.name]
        for rank, case in enumerate(layer.slowest(count), start=1)
    ]
    return header, rows


def setup_table(layer: Layer, count: int = 5) -> Table:
    """The largest set-ups: a module or session fixture's work, paid by the first test to ask."""
    largest = sorted(layer.cases, key=lambda case: case.setup or 0.0, reverse=True)[:count]
    header = ["#", "set-up s", "the test's own call s", "member", "test"]
    rows = [
        [str(rank), _phase(case.setup), _phase(case.phases[1]), case.member, case.name]
        for rank, case in enumerate(largest, start=1)
        if case.phases
    ]
    return header, rows


def _numeric(column: int, rows: list[list[str]]) -> bool:
    """A column of numbers, where a layer not run or a figure missing may stand in for one."""
    return all(row[column][:1].isdigit() or row[column] in ("-", *ABSENT) for row in rows)


def text(table: Table) -> str:
    """Columns padded to their widest cell; numbers to the right."""
    header, rows = table
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    right = [_numeric(i, rows) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        padded = (
            c.rjust(w) if r else c.ljust(w) for c, w, r in zip(cells, widths, right, strict=True)
        )
        return "  ".join(padded).rstrip()

    return "\n".join([line(header), "  ".join("-" * w for w in widths), *map(line, rows)])


def markdown(table: Table) -> str:
    header, rows = table
    rule = ["---:" if _numeric(i, rows) else "---" for i in range(len(header))]
    # A test's parameters may hold a "|", which would end the cell.
    lines = [header, rule, *([cell.replace("|", "\\|") for cell in row] for row in rows)]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)
