"""docs/benchmarks.md's `resilience` block from docs/resilience.json: one row per scenario.

Pure and standard library only. `nox -s resilience` writes the results (each scenario's Tally,
as tally.py counts it, and the machine) and renders the block with `render`; `nox -s lint`
renders it again from the committed file (evidence.generated) and fails if the page differs.
"""

HEAD = (
    "| scenario | s | placings: before / during / after | 201 | 503 | no answer "
    "| confirmed / cancelled | payments, notifications | felt "
    "| after the repair: accepted of placed, final, slowest | settled after the repair "
    "| lost | twice |"
)


def _row(tally: dict) -> str:
    phases, after = tally["phases"], tally["after_repair"]
    placings = " / ".join(str(phases[phase]["placed"]) for phase in ("before", "during", "after"))
    drained = (
        "" if tally["drain_seconds"] is None else f"; drained in {tally['drain_seconds']:.0f} s"
    )
    cells = (
        tally["scenario"],
        f"{tally['seconds']:.1f}",
        placings,
        str(tally["acknowledged"]),
        str(tally["refused"]),
        str(tally["failed"]),
        f"{tally['confirmed']} / {tally['cancelled']}",
        f"{tally['payments']}, {tally['notifications']}",
        (tally["felt"] or "-").replace("|", "/") + drained,
        f"{after['accepted']:.0f} of {after['placed']:.0f}, {after['final']:.0f}, "
        f"{after['slowest_final']:.2f} s",
        f"{tally['recovered']:.1f} s",
        str(sum(map(len, tally["lost"].values()))),
        str(sum(map(len, tally["duplicated"].values()))),
    )
    return "| " + " | ".join(cells) + " |"


def render(data: dict) -> str:
    """The command, one row per scenario in the order they ran, the machine."""
    scenarios = data["results"]
    return "\n".join(
        [
            f"Written by `{data['command']}` from its results, [resilience.json](resilience.json):"
            f" {len(scenarios)} scenarios, {sum(t['seconds'] for t in scenarios):.0f} s of them.",
            "",
            HEAD,
            "|---|---:|---|---:|---:|---:|---|---|---|---|---:|---:|---:|",
            *map(_row, scenarios),
            "",
            "Machine:",
            "",
            *data["machine"],
            "",
        ]
    )
