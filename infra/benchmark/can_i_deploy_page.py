"""The generated block `can-i-deploy` of docs/benchmarks.md, from docs/can-i-deploy.json.

Pure and standard library only: can_i_deploy.py writes the results and renders the block with
`render`; `nox -s lint` renders it again from the committed results and fails if the page
differs (infra/evidence, `evidence.generated`).
"""

import statistics

BUDGETS = {"uncached": 60.0, "cached": 2.0}  # issue 20: one service's question, 2 cores
NAMES = {
    "contracts": "`nox -s contracts` (warm, the reference)",
    "uncached": "`nox -s can-i-deploy`, nothing kept",
    "cached": "`nox -s can-i-deploy`, asked again",
    "before": "`nox -s can-i-deploy` of {against}, nothing kept",
}


def median(rounds: list[dict], name: str, key: str = "wall") -> float:
    return statistics.median(r[name][key] for r in rounds)


def ratio(rounds: list[dict], name: str, to: str) -> float:
    """The median of each round's ratio: a round's load falls on both of its figures."""
    return statistics.median(r[name]["wall"] / r[to]["wall"] for r in rounds)


def row(rounds: list[dict], name: str, label: str) -> str:
    budget = BUDGETS.get(name)
    each = ", ".join(f"{r[name]['wall']:.1f}" for r in rounds)
    met = "" if budget is None else ("yes" if median(rounds, name) <= budget else "**no**")
    return (
        f"| {label} | {'' if budget is None else f'{budget:.0f}'} | {met} | {each}"
        f" | **{median(rounds, name):.1f}** | {ratio(rounds, name, 'contracts'):.2f}"
        f" | {median(rounds, name, 'cpu'):.1f} |"
    )


def render(data: dict) -> str:
    """The question, the table of medians (wall, its ratio to the reference, CPU), the answer."""
    rounds, against = data["rounds"], data.get("against")
    names = ["contracts", *(["before"] if against else []), "uncached", "cached"]
    service = data["question"].split()[0]
    options = f"--runs {len(rounds)}{f' --service {service}' if service != 'orders' else ''}"
    lines = [
        f"`{data['question']}`, {len(rounds)} rounds in turns"
        f" (`python3 infra/benchmark/can_i_deploy.py {options}"
        f"{f' --against {against}' if against else ''}`):",
        "",
        "| command | budget s | met | wall s, each round | median wall s | / contracts | CPU s |",
        "|---|---:|---|---|---:|---:|---:|",
        *(row(rounds, name, NAMES[name].format(against=against)) for name in names),
        "",
    ]
    if against:
        lines += [
            f"With nothing kept, this tree takes {ratio(rounds, 'uncached', 'before'):.2f} times"
            f" the wall time of {against} (the median of each round's ratio).",
            "",
        ]
    lines += ["The answer, as the last uncached run printed it:", "", "```text"]
    lines += [*data["answer"], "```", "", *data["machine"]]
    return "\n".join(lines) + "\n"
