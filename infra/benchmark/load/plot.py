"""POST /orders p50/p95/p99 against the offered rate, as SVG written by hand (standard library)."""

import math
from collections.abc import Sequence

from page import P99_TARGET_MS  # the p99 a step must keep to count as carried, drawn as a line

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 640.0, 360.0, 64.0, 110.0, 40.0, 48.0

SERIES = (("50", "p50", "#4c9a2a"), ("95", "p95", "#d9822b"), ("99", "p99", "#c23b22"))


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2 or 5 times 10^n at or above `value`: the axis ends on a round figure."""
    if value <= 0 or math.isnan(value):
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def latency_svg(steps: Sequence[dict]) -> str:
    """One line per percentile; x = offered orders/s, y = ms (from 0)."""
    rates = [step["rate"] for step in steps]
    x_top = nice_ceiling(max(rates))
    finite = [step[key] for step in steps for key, _, _ in SERIES if not math.isnan(step[key])]
    y_top = nice_ceiling(max(finite, default=1.0))
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(rate: float) -> float:
        return LEFT + rate / x_top * inner_w

    def y(ms: float) -> float:
        return TOP + inner_h - ms / y_top * inner_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH:.0f}" height="{HEIGHT:.0f}" '
        f'viewBox="0 0 {WIDTH:.0f} {HEIGHT:.0f}" font-family="sans-serif" font-size="12">',
        f'<rect width="{WIDTH:.0f}" height="{HEIGHT:.0f}" fill="white"/>',
        f'<text x="{LEFT}" y="22" font-size="14">POST /orders latency against the offered rate'
        "</text>",
    ]
    for tick in range(5):  # horizontal grid and y labels at fifths of the axis
        ms = y_top * tick / 4
        parts.append(
            f'<line x1="{LEFT}" y1="{y(ms):.1f}" x2="{WIDTH - RIGHT}" y2="{y(ms):.1f}" '
            'stroke="#ddd"/>'
        )
        parts.append(f'<text x="{LEFT - 6}" y="{y(ms) + 4:.1f}" text-anchor="end">{ms:g}</text>')
    for rate in rates:
        parts.append(
            f'<text x="{x(rate):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">{rate}</text>'
        )
    parts += [
        f'<line x1="{LEFT}" y1="{TOP + inner_h}" x2="{WIDTH - RIGHT}" y2="{TOP + inner_h}" '
        'stroke="black"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + inner_h}" stroke="black"/>',
        f'<text x="{LEFT + inner_w / 2}" y="{HEIGHT - 10}" text-anchor="middle">'
        "offered rate, orders/s</text>",
        f'<text x="16" y="{TOP + inner_h / 2}" text-anchor="middle" '
        f'transform="rotate(-90 16 {TOP + inner_h / 2})">ms</text>',
    ]
    # The budget for POST /orders p99 at a step that counts as reached.
    budget_y = y(P99_TARGET_MS)
    parts += [
        f'<line x1="{LEFT}" y1="{budget_y:.1f}" x2="{WIDTH - RIGHT}" y2="{budget_y:.1f}" '
        'stroke="#555" stroke-dasharray="4 3"/>',
        f'<text x="{WIDTH - RIGHT + 4}" y="{budget_y + 4:.1f}">p99 budget {P99_TARGET_MS:g}</text>',
    ]
    for index, (key, label, colour) in enumerate(SERIES):
        points = [(x(s["rate"]), y(s[key])) for s in steps if not math.isnan(s[key])]
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        parts += [
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{colour}"/>' for px, py in points
        ]
        legend_y = TOP + 10 + index * 18
        parts.append(
            f'<line x1="{WIDTH - RIGHT + 12}" y1="{legend_y}" x2="{WIDTH - RIGHT + 32}" '
            f'y2="{legend_y}" stroke="{colour}" stroke-width="2"/>'
        )
        parts.append(f'<text x="{WIDTH - RIGHT + 38}" y="{legend_y + 4}">{label}</text>')
    return "\n".join([*parts, "</svg>"]) + "\n"
