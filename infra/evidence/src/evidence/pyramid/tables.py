"""The report's tables as rows of cells, and those rows as terminal text or as Markdown."""

from collections.abc import Sequence

from evidence.pyramid.layers import ABSENT, Layer, by_service, ratios

Table = tuple[list[str], list[list[str]]]  # header, rows


def ms(seconds: float | None) -> str:
    """Milliseconds: one decimal below 100 ms (JUnit gives whole milliseconds), none above."""
    if seconds is None:
        return "-"
    return f"{seconds * 1000:.1f}" if seconds < 0.1 else f"{seconds * 1000:.0f}"


def s(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds:.1f}"


def times(ratio: float | None) -> str:
    """A ratio as `0.76x`, `3.2x` or `140x`: two significant figures are all the noise allows."""
    if ratio is None:
        return "-"
    return f"{ratio:.2f}x" if ratio < 1 else f"{ratio:.1f}x" if ratio < 10 else f"{ratio:.0f}x"


def layer_table(layers: Sequence[Layer]) -> Table:
    header = ["layer", "suites", "tests", "failed", "sum of tests s", "median ms/test"]
    header += ["mean ms/test", "pytest s", "wall s", "cpu s"]
    rows = []
    for layer in layers:
        if not layer.ran:
            rows.append([layer.name, layer.absence, *["-"] * 8])
            continue
        rows.append(
            [
                layer.name,
                str(len(layer.suites)),
                str(layer.tests),
                str(layer.failed),
                s(layer.test_seconds),
                ms(layer.median),
                ms(layer.mean),
                s(layer.pytest_seconds),
                s(layer.wall),
                s(layer.cpu),
            ]
        )
    return header, rows


def ratio_table(layers: Sequence[Layer]) -> Table:
    header = ["layer", "tests", "median per test", "mean per test", "pytest time", "wall time"]
    header.append("cpu time")
    rows = [
        [r.layer, *map(times, (r.tests, r.median, r.mean, r.pytest_seconds, r.wall, r.cpu))]
        for r in ratios(layers)
    ]
    return header, rows


def service_table(layers: Sequence[Layer]) -> Table:
    """Per member: `tests / pytest s` in each layer (contracts: consumer and provider runs)."""
    header = ["member", *(layer.name for layer in layers)]
    rows = [
        [
            member,
            *(
                f"{c[0]} / {c[1]:.1f} s" if (c := cells.get(layer.name)) else "-"
                for layer in layers
            ),
        ]
        for member, cells in by_service(layers).items()
    ]
    return header, rows


def slowest_table(layer: Layer, count: int = 10) -> Table:
    header = ["#", "s", "member", "test"]
    rows = [
        [str(rank), f"{case.seconds:.3f}", case.member, case.name]
        for rank, case in enumerate(layer.slowest(count), start=1)
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
