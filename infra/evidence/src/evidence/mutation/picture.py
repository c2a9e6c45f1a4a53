"""docs/mutation-matrix.svg: one bar per module mutated, split by the layer that killed each mutant.

The fault matrix's drawing helpers, standard library alone. Read left to right, a bar shows how
much of a module's mutants the unit tests kill, how much waits for integration or contract, and
what nothing kills.
"""

from collections.abc import Mapping

from evidence.fault_picture import box, text
from evidence.mutation.matrix import ALIVE, BROKEN, FATES, TIMEOUT, UNCOVERED, by_module, mutants_of
from evidence.mutation.report import HEADINGS

COLOURS = {
    "unit": "#2e7d32",
    "integration": "#66bb6a",
    "contract": "#a5d6a7",
    TIMEOUT: "#8d6e63",
    ALIVE: "#c62828",
    UNCOVERED: "#f2c4c0",
    BROKEN: "#888888",
}
ROW, NAME, BAR, TOP, LEFT, KEY = 22, 300, 520, 64, 12, 150


def picture(record: Mapping, *, title: str) -> str:
    """The SVG document: bars scaled to the largest module, its count at the bar's end."""
    rows = by_module(mutants_of(record))
    largest = max((counts["mutants"] for counts in rows.values()), default=1)
    width, height = LEFT * 2 + NAME + BAR + 60, TOP + len(rows) * ROW + 80
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'font-family="sans-serif" font-size="11">',
        box(0, 0, width, height, "#ffffff"),
        text(LEFT, 24, title, font_size="16", font_weight="bold"),
        text(LEFT + NAME, TOP - 8, "mutants, by the layer that killed them", font_weight="bold"),
    ]
    for index, ((member, module, _), counts) in enumerate(rows.items()):
        y = TOP + index * ROW
        parts.append(text(LEFT, y + 15, f"{member}: {module}", font_family="monospace"))
        x = LEFT + NAME
        for fate in FATES:
            share = BAR * counts.get(fate, 0) / largest
            if share:
                parts.append(box(x, y + 3, round(share, 1), ROW - 6, COLOURS[fate]))
                x += share
        parts.append(text(x + 6, y + 15, str(counts["mutants"])))
    legend_y = TOP + len(rows) * ROW + 30
    for index, fate in enumerate(FATES):
        column, line = index % 4, index // 4
        x, y = LEFT + column * KEY * 1.4, legend_y + line * 20
        parts.append(box(x, y - 11, 14, 14, COLOURS[fate]))
        parts.append(text(x + 20, y, HEADINGS[fate]))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
