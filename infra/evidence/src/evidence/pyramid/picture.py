"""The pyramid drawn to scale as SVG: one bar per layer, unit at the bottom, written by hand.

Every bar in a panel has the same height, so its width, and with it its area, is to scale: the
largest value fills the panel and the others are that fraction of it, centred like a pyramid.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

GUTTER, SPAN, PANEL = 96.0, 260.0, 460.0  # layer names | bars | values, per panel
BAR, GAP, TOP = 44.0, 8.0, 92.0
COLOURS = {"unit": "#4c9a2a", "integration": "#2f6db5", "contracts": "#d9822b", "e2e": "#c23b22"}


@dataclass(frozen=True)
class Bar:
    layer: str
    value: float | None  # None: the layer did not run
    x: float
    y: float
    width: float
    height: float


def bars(values: Sequence[tuple[str, float | None]], *, span: float = SPAN) -> list[Bar]:
    """Bars for (layer, value), bottom layer first, in a box `span` wide; y grows downwards."""
    largest = max((value for _, value in values if value), default=0.0)
    if not largest:
        raise ValueError("nothing to draw: no layer has a value above 0")
    drawn = []
    for index, (layer, value) in enumerate(values):
        width = span * (value or 0.0) / largest
        y = (len(values) - 1 - index) * (BAR + GAP)
        drawn.append(Bar(layer, value, (span - width) / 2, y, width, BAR))
    return drawn


@dataclass(frozen=True)
class Panel:
    heading: str  # says what the area stands for
    values: Sequence[tuple[str, float | None]]
    unit: str  # "tests" or "s"

    def show(self, value: float) -> str:
        return f"{value:.0f} tests" if self.unit == "tests" else f"{value:.1f} s"


def _text(x: float, y: float, words: str, **attributes: str) -> str:
    extra = "".join(f' {key.replace("_", "-")}="{value}"' for key, value in attributes.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(words)}</text>'


def _panel(panel: Panel, left: float) -> list[str]:
    shapes = [_text(left + GUTTER + SPAN / 2, TOP - 16, panel.heading, text_anchor="middle")]
    for bar in bars(panel.values):
        x, y, middle = left + GUTTER + bar.x, TOP + bar.y, TOP + bar.y + BAR / 2 + 5
        shapes.append(_text(left + GUTTER - 10, middle, bar.layer, text_anchor="end"))
        if bar.value is None:
            line = f"M{left + GUTTER:.1f} {middle - 5:.1f} h{SPAN:.1f}"
            shapes.append(f'<path d="{line}" stroke="#999" stroke-dasharray="4 4"/>')
            shapes.append(_text(left + GUTTER + SPAN + 8, middle, "not run", fill="#777"))
            continue
        colour = COLOURS.get(bar.layer, "#777")
        shapes.append(
            f'<rect x="{x:.2f}" y="{y:.2f}" width="{bar.width:.2f}" height="{bar.height:.2f}"'
            f' fill="{colour}"/>'
        )
        shapes.append(_text(x + bar.width + 8, middle, panel.show(bar.value)))
    return shapes


def svg(panels: Sequence[Panel], *, title: str, note: str) -> str:
    """The whole picture: the panels side by side under a title, a note under them."""
    rows = max(len(panel.values) for panel in panels)
    width, height = PANEL * len(panels) + 20, TOP + rows * (BAR + GAP) + 40
    shapes = [_text(20, 30, title, font_size="18", font_weight="bold")]
    for index, panel in enumerate(panels):
        shapes += _panel(panel, 10 + index * PANEL)
    shapes.append(_text(20, height - 14, note, font_size="12", fill="#555"))
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}"'
            f' viewBox="0 0 {width:.0f} {height:.0f}" role="img"'
            ' font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="14">',
            f"<title>{escape(title)}</title>",
            f'<rect width="{width:.0f}" height="{height:.0f}" fill="white"/>',
            *shapes,
            "</svg>",
            "",
        ]
    )
