"""docs/benchmarks.md's `stack` block (idle cost and latency) from docs/stack.json.

Pure and standard library only: stack.py measures, stores each run's figures in stack.json and
renders the block with `render`; `nox -s lint` renders it again from the committed file
(evidence.generated) and fails if the page differs.
"""

import statistics


def _medians(runs: list[dict], key: str) -> dict[str, float]:
    """Each figure's median over the runs of one tree, in the order of the first run."""
    return {
        what: statistics.median(run[key].get(what, 0.0) for run in runs) for what in runs[0][key]
    }


def _whole(label: str, cpu: dict[str, float]) -> str:
    """The whole idle stack of one tree: its containers, their shims and the engine, summed."""
    containers = sum(share for name, share in cpu.items() if not name.startswith("("))
    shims = cpu.get("(shims of these containers)", 0.0)
    daemons = cpu.get("(dockerd + containerd, whole engine)", 0.0)
    return (
        f"- The whole idle stack, {label}: {containers:.1%} (containers) + {shims:.1%} (shims, "
        f"runc) + {daemons:.1%} (the engine) = **{containers + shims + daemons:.1%} of one core**"
    )


def render(data: dict) -> str:
    """The figures of each tree (medians of its turns), the last against the first, the machine."""
    labels = list(data["runs"])
    table = {label: _medians(runs, "figures") for label, runs in data["runs"].items()}
    cpu = {label: _medians(runs, "cpu") for label, runs in data["runs"].items()}
    ratio = len(labels) > 1
    head = ["What", *labels] + ([f"{labels[-1]} / {labels[0]}"] if ratio else [])
    runs = (
        f"medians of {data['turns']} runs of each tree, taken in turns"
        if data["turns"] > 1
        else f"one run of {'each tree, in turns' if ratio else 'the tree'}"
    )
    lines = [
        f"Written by `{data['command']}` from its results, [stack.json](stack.json): {runs}.",
        "",
        "| " + " | ".join(head) + " |",
        "|---" + "|---:" * (len(head) - 1) + "|",
    ]
    for what in table[labels[0]]:
        values = [table[label][what] for label in labels]
        cells = [f"{value:.1f}" for value in values]
        if ratio:
            cells.append(f"{values[-1] / values[0]:.2f}" if values[0] else "-")
        lines.append(f"| {what} | " + " | ".join(cells) + " |")
    lines += ["", "Idle CPU per container, % of one core:", ""]
    lines += ["| Container | " + " | ".join(labels) + " |", "|---" + "|---:" * len(labels) + "|"]
    for name in cpu[labels[0]]:
        cells = [f"{cpu[label].get(name, 0) * 100:.2f}" for label in labels]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", *(_whole(label, cpu[label]) for label in labels)]
    return "\n".join([*lines, "", "Machine:", "", *data["machine"]]) + "\n"
