"""The kit's fixture costs as Markdown, from docs/fixture-costs.json (fixture_costs.py writes it).

Standard library only: `python -m evidence.generated` renders it (registry.py) to check the
block in infra/testkit/README.md against the committed results.
"""

import statistics
from typing import Any

HEADER = [
    "| fixture | paid | what was timed | runs | median | min | max |",
    "|---|---|---|---:|---:|---:|---:|",
]


def shown(seconds: float) -> str:
    """Seconds as a reader compares them: s from one second up, else ms to three figures."""
    if seconds >= 1:
        return f"{seconds:.2f} s"
    milliseconds = seconds * 1000
    return f"{milliseconds:.2f} ms" if milliseconds < 10 else f"{milliseconds:.0f} ms"


def row(fixture: dict[str, Any]) -> str:
    samples = fixture["samples"]
    cells = (
        f"`{fixture['fixture']}`",
        fixture["paid"],
        fixture["what"],
        str(len(samples)),
        f"**{shown(statistics.median(samples))}**",
        shown(min(samples)),
        shown(max(samples)),
    )
    return "| " + " | ".join(cells) + " |"


def render(data: dict[str, Any]) -> str:
    machine, servers = data["machine"], data["servers"]
    start, end = machine["load_average"]
    return "\n".join(
        [
            *HEADER,
            *(row(fixture) for fixture in data["fixtures"]),
            "",
            f"Postgres from {servers['postgres']}, RabbitMQ from {servers['rabbitmq']}; measured"
            f" {machine['date']} on {machine['cores']} cores, Python {machine['python']}, load"
            f" average {start} at start and {end} at end, by `{data['command']}`.",
        ]
    )
