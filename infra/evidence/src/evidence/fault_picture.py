"""docs/fault-matrix.svg: the matrix as a picture, written with the standard library alone.

One row per fault, one column per layer in the pyramid's order; a cell's colour is what the layer
did (caught, missed, not run) and its text the seconds to the first failure; the owner's cell is
framed. Read left to right, a row shows how far up the pyramid a bug travels before it is caught.
"""

from collections.abc import Sequence
from xml.sax.saxutils import escape

from evidence.fault_matrix import BROKEN, CAUGHT, MISSED, NOT_RUN, FaultResult, LayerRun

# A miss is pale where another layer owns the bug (nothing wrong with that), dark where the
# owner missed it (the run fails); a broken run (it could not say) has a colour of its own.
PALE, DARK_INK = "#f2c4c0", "#5d1a14"
COLOURS = {CAUGHT: "#2e7d32", MISSED: PALE, BROKEN: "#f9d27a", NOT_RUN: "#e6e6e6"}
INK = {CAUGHT: "#ffffff", MISSED: DARK_INK, BROKEN: "#5c4300", NOT_RUN: "#888888"}
OWNER_MISSED = "#c62828"
LEGEND = [
    (COLOURS[CAUGHT], "caught"),
    (COLOURS[MISSED], "missed"),
    (COLOURS[BROKEN], "broken: says nothing"),
    (OWNER_MISSED, "missed by its owner"),
    (COLOURS[NOT_RUN], "not run"),
]
ROW, CELL, NAME, VERDICT, TOP, LEFT, KEY = 22, 120, 330, 110, 64, 12, 150


def label(run: LayerRun) -> str:
    if run.outcome == NOT_RUN or run.seconds is None:
        return run.outcome
    if run.outcome == CAUGHT:
        return f"caught {run.seconds:.1f} s"
    return f"{run.outcome} ({run.seconds:.0f} s)"


def text(x: float, y: float, content: str, **attributes: str) -> str:
    extra = "".join(f' {key.replace("_", "-")}="{value}"' for key, value in attributes.items())
    return f'<text x="{x:.0f}" y="{y:.0f}"{extra}>{escape(content)}</text>'


def box(x: float, y: float, width: float, height: float, fill: str, stroke: str = "") -> str:
    return (
        f'<rect x="{x:.0f}" y="{y:.0f}" width="{width}" height="{height}" fill="{fill}"{stroke}/>'
    )


def row(result: FaultResult, columns: Sequence[str], y: float) -> list[str]:
    parts = [text(LEFT, y + 15, result.fault.id, font_family="monospace", font_size="12")]
    for column, layer in enumerate(columns):
        run, x = result.run(layer), LEFT + NAME + column * CELL
        fill, ink, frame = COLOURS[run.outcome], INK[run.outcome], ' stroke="#ffffff"'
        if layer == result.fault.owner:
            frame = ' stroke="#000000" stroke-width="3"'
            if run.outcome != CAUGHT:
                fill, ink = OWNER_MISSED, "#ffffff"
        parts.append(box(x, y, CELL, ROW, fill, frame))
        parts.append(text(x + CELL / 2, y + 15, label(run), fill=ink, text_anchor="middle"))
    colour = COLOURS[CAUGHT] if result.verdict == "ok" else OWNER_MISSED
    parts.append(text(LEFT + NAME + len(columns) * CELL + 10, y + 15, result.verdict, fill=colour))
    return parts


def picture(results: Sequence[FaultResult], columns: Sequence[str], *, title: str) -> str:
    """The SVG document."""
    width = LEFT * 2 + NAME + len(columns) * CELL + VERDICT
    height = TOP + len(results) * ROW + 56
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'font-family="sans-serif" font-size="11">',
        box(0, 0, width, height, "#ffffff"),
        text(LEFT, 24, title, font_size="16", font_weight="bold"),
    ]
    headings = [*columns, "verdict"]
    for column, heading in enumerate(headings):
        x = LEFT + NAME + column * CELL + (CELL / 2 if heading != "verdict" else 10)
        anchor = "middle" if heading != "verdict" else "start"
        parts.append(text(x, TOP - 8, heading, text_anchor=anchor, font_weight="bold"))
    for index, result in enumerate(results):
        parts += row(result, columns, TOP + index * ROW)
    legend_y = TOP + len(results) * ROW + 30
    for index, (colour, meaning) in enumerate(LEGEND):
        parts.append(box(LEFT + index * KEY, legend_y - 11, 14, 14, colour))
        parts.append(text(LEFT + index * KEY + 20, legend_y, meaning))
    frame = ' stroke="#000000" stroke-width="3"'
    parts.append(box(LEFT + len(LEGEND) * KEY, legend_y - 11, 14, 14, "none", frame))
    parts.append(text(LEFT + len(LEGEND) * KEY + 20, legend_y, "the layer that owns the bug"))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
