"""docs/mutation-matrix.md, a pure function of docs/mutation-matrix.json."""

from collections.abc import Mapping

from evidence.mutation.matrix import (
    ALIVE,
    BROKEN,
    EQUIVALENT,
    FATES,
    TIMEOUT,
    UNCOVERED,
    Mutant,
    by_module,
    in_goal,
    mutants_of,
    score,
    tally,
)
from evidence.mutation.targets import LAYERS

WHY_MUTMUT = [
    "## Why mutmut 3 and not cosmic-ray",
    "",
    "Both were read (mutmut 3.8.1, cosmic-ray 8.7). cosmic-ray writes each mutant into the source",
    "file, then runs one test command in a new process: every mutant pays Python's start and the",
    "import of FastAPI, SQLAlchemy and pydantic again (seconds here), and the command is the same",
    "for every mutant, so choosing the tests that cover the mutated code would be ours to build",
    "(from coverage contexts). Its strengths, a session database that resumes and workers spread",
    "over machines, do not help on one 2-core machine. mutmut 3 puts every mutant of a function",
    "behind a switch in one copy of the code, runs the suite once to record which test calls",
    "which function, and then forks a child per mutant from the process that has already",
    "imported everything, running only the tests that call the mutated function: the selection",
    "this matrix needs, at a fraction of the cost. What it costs us: its configuration lives in",
    "a pyproject.toml, so each (member, layer) stage runs from a folder of its own",
    "(`.mutation/<member>/<layer>/`), and the migration tests are left out of the integration",
    "stage (their `alembic check` writes through a stream mutmut's capture has closed).",
]

HEADINGS = {
    "unit": "killed by unit",
    "integration": "killed once integration ran",
    "contract": "killed once contract ran",
    ALIVE: "survived",
    UNCOVERED: "no test reaches it",
    TIMEOUT: "timed out",
    BROKEN: "broken",
}


def percent(part: int, whole: int) -> str:
    return f"{part} ({100 * part / whole:.0f} %)" if whole else "0"


def table(rows: list[tuple[str, Mapping[str, int]]]) -> list[str]:
    lines = ["| module | kind | mutants | " + " | ".join(HEADINGS[f] for f in FATES) + " |"]
    lines.append("|---|---|---:|" + "---:|" * len(FATES))
    for label, counts in rows:
        cells = [str(counts.get(fate, 0)) for fate in FATES]
        lines.append(f"| {label} | {counts['mutants']} | " + " | ".join(cells) + " |")
    return lines


def share_line(label: str, mutants: list[Mutant], judgements: Mapping) -> str:
    found = score(mutants, judgements)
    if found.share is None:
        return f"- {label}: no mutants"
    return (
        f"- {label}: {found.killed} of {found.mutants - found.equivalent} non-equivalent mutants"
        f" killed, **{100 * found.share:.1f} %** ({found.mutants} mutants,"
        f" {found.equivalent} judged equivalent)"
    )


def document(record: Mapping) -> str:
    mutants = mutants_of(record)
    judgements: Mapping[str, Mapping[str, str]] = record.get("judgements", {})
    totals = tally(mutants)
    sample = record["sample"]
    made = ", ".join(f"{m} {n}" for m, n in record.get("population_by_member", {}).items())
    drawn = (
        f"all {record['population']} mutants mutmut made ({made})"
        if sample is None
        else f"{record['drawn']} of the {record['population']} mutants mutmut made ({made}): at"
        f" most {sample} of each member, drawn with seed {record['seed']}"
        f" (`random.Random({record['seed']}).sample` of the member's names, sorted)"
    )
    lines = [
        "# The mutation matrix: faults nobody chose",
        "",
        f"Written by `{record['command']}` (`evidence.mutation`); do not edit. The figures are in",
        "[mutation-matrix.json](mutation-matrix.json); this page and",
        "[mutation-matrix.svg](mutation-matrix.svg) are made from it alone (`-- --render`).",
        "",
        f"{record['tool']} mutated every service's domain, use-case and handler modules and the",
        "chassis' messaging modules. Each mutant met the unit tests that call the mutated",
        "function (mutmut's own record of which test calls what); a mutant still alive met the",
        "integration tests that call it, then the contract tests. Before each stage mutmut runs",
        "the chosen tests on the clean code (a red baseline stops the run) and a forced failure.",
        "",
        f"- Mutants: {drawn}.",
        f"- Wall time: {record['seconds'] / 60:.1f} min for the whole run.",
        *[f"- {note}" for note in record.get("notes", [])],
        "",
        "![The mutation matrix](mutation-matrix.svg)",
        "",
        "## What each layer killed",
        "",
        "| | mutants | " + " | ".join(HEADINGS[f] for f in FATES) + " |",
        "|---|---:|" + "---:|" * len(FATES),
        "| all | "
        + str(totals["mutants"])
        + " | "
        + " | ".join(percent(totals.get(f, 0), totals["mutants"]) for f in FATES)
        + " |",
        "",
        share_line(
            "The goal's population (the services' domain and handler modules)",
            [m for m in mutants if in_goal(m)],
            judgements,
        ),
        share_line("Every module mutated", mutants, judgements),
        "",
        "Killed counts a mutant that timed out (it hung a test, so the test did not pass); a"
        " survivor not judged counts as a miss, so each share is a lower bound.",
        "",
        "## Per module",
        "",
    ]
    rows = [
        (f"`{member}`: `{module}` | {kind}", counts)
        for (member, module, kind), counts in by_module(mutants).items()
    ]
    lines += table(rows)
    lines += ["", "## Each layer's stage", ""]
    lines += stage_lines(mutants)
    lines += ["", "## Survivors judged", ""]
    lines += survivor_lines(record, judgements)
    lines += ["", *WHY_MUTMUT]
    lines += ["", "## The machine", "", *record.get("machine", [])]
    return "\n".join(lines) + "\n"


def stage_lines(mutants: list[Mutant]) -> list[str]:
    """How many mutants each layer's stage was given, and what it said of them."""
    lines = ["| layer | given | killed | survived | no test reaches it | timed out | other |"]
    lines.append("|---|---:|---:|---:|---:|---:|---:|")
    for layer in LAYERS:
        said = [m.stages[layer] for m in mutants if layer in m.stages]
        known = ("killed", "survived", "no tests", "timed out")
        other = sum(1 for status in said if status not in known)
        counts = [said.count(status) for status in known]
        lines.append(f"| {layer} | {len(said)} | " + " | ".join(map(str, counts)) + f" | {other} |")
    return lines


def survivor_lines(record: Mapping, judgements: Mapping[str, Mapping[str, str]]) -> list[str]:
    drawn = record.get("survivor_sample", {})
    if not drawn:
        return ["No survivor was drawn."]
    lines = [
        f"{len(drawn)} survivors drawn with seed {record['seed']} from the services' and the"
        " chassis' survivors, each read and judged: equivalent (no test could tell it from the"
        " code) or a missing test (now written; it fails on the mutant).",
        "",
    ]
    for name, diff in drawn.items():
        judged = judgements.get(name)
        verdict = f"**{judged['verdict']}**: {judged['why']}" if judged else "**not judged yet**"
        if judged and judged.get("test"):
            verdict += f" Test: `{judged['test']}`."
        lines += [f"### `{name}`", "", verdict, "", "```diff", diff.rstrip(), "```", ""]
    counts = [j["verdict"] for n, j in judgements.items() if n in drawn]
    lines.append(
        f"Of these: {counts.count(EQUIVALENT)} equivalent,"
        f" {counts.count('missing test')} missing tests, {len(drawn) - len(counts)} not judged."
    )
    others = {n: j for n, j in judgements.items() if n not in drawn}
    if others:
        lines += ["", "### Also judged, outside the draw", ""]
        lines += ["| mutant | the change | verdict | why | test |", "|---|---|---|---|---|"]
        for name, judged in others.items():
            change = judged.get("change", "").replace("|", "\\|")
            lines.append(
                f"| `{name}` | `{change}` | {judged['verdict']} | {judged['why']}"
                f" | {judged.get('test', '-')} |"
            )
    return lines
