"""`python -m evidence.mutation [--sample N] [--seed S] [--out DIR] [--render | --check]`.

From the repository's root, in the session `nox -s mutants`, which syncs each member's
environment (`.nox/mutants-<member>`, `--environments`) and starts Postgres and RabbitMQ.
Writes mutation-matrix.{json,md,svg} into --out (default .reports; `--out docs` for the committed
copy). `--render` rebuilds the markdown and the picture from the JSON (taking in the judgements
of infra/evidence/mutation-judgements.toml); `--check` fails when they differ from the JSON's.
"""

import argparse
import json
import os
import sys
import time
import tomllib
from pathlib import Path

from evidence.mutation import mutmut
from evidence.mutation.matrix import Mutant, as_record, mutants_of, sample
from evidence.mutation.picture import picture
from evidence.mutation.report import document
from evidence.mutation.targets import LAYERS, TARGETS, Target
from evidence.pyramid.__main__ import machine

JUDGEMENTS = Path("infra") / "evidence" / "mutation-judgements.toml"
TITLE = "The mutation matrix: which layer kills which mutant"
SURVIVORS_JUDGED = 12
STAGE = 20 * 60  # seconds one member's mutmut stage may take before it counts as broken


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="nox -s mutants --", description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, help="mutants to draw per member (default: all)")
    parser.add_argument("--seed", type=int, default=16, help="the draw's seed (%(default)s)")
    parser.add_argument("--out", type=Path, default=Path(".reports"), help="where the files go")
    parser.add_argument("--members", nargs="*", help="only these members (default: all)")
    parser.add_argument(
        "--environments", type=Path, default=Path(".nox"), help="holds mutants-<member>/"
    )
    parser.add_argument("--render", action="store_true", help="rebuild md/svg from the JSON")
    parser.add_argument("--check", action="store_true", help="fail if md/svg differ from JSON's")
    parser.add_argument(
        "--collect",
        action="store_true",
        help="build the record from a run's stage folders and logs, running nothing",
    )
    return parser.parse_args(argv)


def pythons(environments: Path, targets: list[Target]) -> dict[str, Path]:
    """Each member's interpreter: its environment, synced by the session with mutmut in it."""
    return {t.member: environments / f"mutants-{t.member}" / "bin" / "python" for t in targets}


def layers_of(root: Path, target: Target) -> list[str]:
    return [layer for layer in LAYERS if (root / target.folder / "tests" / layer).is_dir()]


def run(root: Path, args: argparse.Namespace) -> dict:
    """Every chosen mutant through the layers; the record the report is made from."""
    started, load = time.monotonic(), os.getloadavg()[0]
    chosen = [t for t in TARGETS if not args.members or t.member in args.members]
    python = pythons(args.environments, chosen)
    logs = root / ".reports" / "mutation"
    logs.mkdir(parents=True, exist_ok=True)
    modules: dict[str, tuple[Target, str]] = {}
    for target in chosen:
        first = mutmut.stage_folder(root, target, layers_of(root, target)[0])
        if not args.collect:
            first = mutmut.workdir(root, target, layers_of(root, target)[0])
        if args.collect:  # the population the run made, as it left it
            made = {name: module for name, (module, _) in mutmut.read_meta(first).items()}
        else:
            made = mutmut.population(first, python[target.member])
        for name, module in made.items():
            modules[name] = (target, module)
    # At most --sample of each member, so that the chassis' many mutants do not crowd out a
    # service's few; each member's draw has the same seed.
    drawn = sorted(
        name
        for target in chosen
        for name in sample(
            [n for n, (t, _) in modules.items() if t is target], args.sample, args.seed
        )
    )
    print(f"mutants: {len(modules)} made, {len(drawn)} drawn (seed {args.seed})", flush=True)
    stages: dict[str, dict[str, str]] = {name: {} for name in drawn}
    broken: list[str] = []
    for target in chosen:
        alive = [name for name in drawn if modules[name][0] is target]
        first = mutmut.stage_folder(root, target, layers_of(root, target)[0])
        for layer in layers_of(root, target):
            if not alive:
                break
            print(f"{target.member} {layer}: {len(alive)} mutants", flush=True)
            try:
                if args.collect:
                    statuses = collected(root, target, layer, first, alive)
                else:
                    statuses = stage(root, target, layer, first, python[target.member], alive)
            except mutmut.StageError as error:
                print(f"mutants: {error}", file=sys.stderr, flush=True)
                broken.append(f"{target.member} {layer}: {str(error).splitlines()[0]}")
                statuses = dict.fromkeys(alive, "broken stage")
            for name in alive:
                stages[name][layer] = statuses[name]
            alive = [n for n in alive if statuses[n] in (mutmut.SURVIVED, mutmut.NO_TESTS)]
    mutants = [
        Mutant(name, t.member, module, t.kind_of(module.split("/", 1)[1]), stages[name])
        for name in drawn
        for t, module in [modules[name]]
    ]
    record = {
        "tool": "mutmut 3.8.1",
        "command": command(args),
        "seed": args.seed,
        "sample": args.sample if len(drawn) < len(modules) else None,
        "drawn": len(drawn),
        "population_by_member": {
            t.member: sum(1 for owner, _ in modules.values() if owner is t) for t in chosen
        },
        "population": len(modules),
        "seconds": round(time.monotonic() - started, 1) if not args.collect else span(root),
        "notes": notes(chosen)
        + [f"A stage that could not judge: {b}." for b in broken]
        + [COLLECTED] * args.collect,
        "mutants": [as_record(m) for m in mutants],
        "broken_stages": broken,
    }
    record["survivor_sample"] = survivors(root, record, python, args.seed)
    record["machine"] = machine(root, load, [])
    return record


def stage(
    root: Path, target: Target, layer: str, first: Path, python: Path, alive: list[str]
) -> dict[str, str]:
    """The statuses one layer gives the mutants still alive; StageError if it cannot judge."""
    log = root / ".reports" / "mutation" / f"{target.member}-{layer}.log"
    env = {**os.environ, "PACT_DIR": str(pact_copy(root, target)), "NO_COLOR": "1"}
    if layer == "contract":
        # Run where the population was made: the same mutants, the same copied tests.
        return mutmut.run_alone(first, python, alive, env, log=log)
    # The first stage runs where the population was made; each later one afresh.
    folder = first if first.name == layer else mutmut.workdir(root, target, layer)
    children = 2 if layer == "unit" else 1  # one at a time where tests share servers
    return mutmut.run(folder, python, alive, env, children=children, log=log, timeout=STAGE)


COLLECTED = (
    "This record was read back from the run's stage folders and logs (`-- --collect`): the run"
    " finished its last stage, then its outer time limit stopped it before it wrote the record."
    " Wall time: from its first stage folder to its last log. The machine below is as it was"
    " when the record was read back, not during the run."
)


def span(root: Path) -> float:
    """A run's wall time, from its first stage folder's making to its last log's last write."""
    made = [p.stat().st_mtime for p in (root / ".mutation").glob("*/*/pyproject.toml")]
    written = [p.stat().st_mtime for p in (root / ".reports" / "mutation").glob("*.log")]
    return round(max(written) - min(made), 1)


def collected(root: Path, target: Target, layer: str, first: Path, alive: list[str]) -> dict:
    """What a stage said, read back from the folder and log it left (`--collect`)."""
    log = root / ".reports" / "mutation" / f"{target.member}-{layer}.log"
    if not log.exists():
        raise mutmut.StageError(f"{target.member} {layer}: the run never reached this stage")
    if layer == "contract":
        statuses = mutmut.read_alone(alive, log)
    else:
        folder = first if first.name == layer else mutmut.stage_folder(root, target, layer)
        statuses = mutmut.read_run(folder, alive, log)
    if unchecked := [n for n, status in statuses.items() if status == mutmut.NOT_CHECKED]:
        raise mutmut.StageError(f"{target.member} {layer}: {len(unchecked)} mutants unchecked")
    return statuses


def pact_copy(root: Path, target: Target) -> Path:
    """A copy of contracts/ for the contract stage: a consumer test rewrites its pact there."""
    folder = root / ".mutation" / target.member / "pacts"
    folder.mkdir(parents=True, exist_ok=True)
    for pact in (root / "contracts").glob("*.json"):
        (folder / pact.name).write_bytes(pact.read_bytes())
    return folder


def survivors(root: Path, record: dict, python: dict[str, Path], seed: int) -> dict[str, str]:
    """A seeded draw of the survivors, each with its diff, for judging."""
    alive = {m.name: m for m in mutants_of(record) if m.alive}
    drawn = sample(list(alive), SURVIVORS_JUDGED, seed)
    shown = {}
    for name in drawn:
        member = alive[name].member
        target = next(t for t in TARGETS if t.member == member)
        folder = root / ".mutation" / member / layers_of(root, target)[0]
        shown[name] = mutmut.diff(folder, python[member], name)
    return shown


def notes(chosen: list[Target]) -> list[str]:
    members = ", ".join(f"{t.member} ({', '.join(t.modules)})" for t in chosen)
    return [
        f"Modules: {members}.",
        "Integration stage: without `tests/integration/test_migrations.py` (the migrations"
        " against the models; neither is mutated, and alembic's writer fails inside mutmut's"
        " output capture).",
        "Contract stage: the member's own `tests/contract` (its consumer tests, and its provider"
        " verification against the committed pacts); the drift check of the contract pipeline"
        " is not part of it.",
        "The chassis is mutated under its own tests only, not under the services' that use it.",
    ]


def command(args: argparse.Namespace) -> str:
    options = [f"--sample {args.sample}"] * (args.sample is not None)
    options += [f"--seed {args.seed}"] * (args.seed != 16) + ["--out docs"]
    return "nox -s mutants -- " + " ".join(options)


def judged(root: Path) -> dict[str, dict[str, str]]:
    path = root / JUDGEMENTS
    entries = tomllib.loads(path.read_text()).get("survivor", []) if path.exists() else []
    return {entry["name"]: {k: v for k, v in entry.items() if k != "name"} for entry in entries}


def written(record: dict) -> dict[str, str]:
    return {
        "mutation-matrix.md": document(record),
        "mutation-matrix.svg": picture(record, title=TITLE),
    }


def main(argv: list[str]) -> int:
    args, root = arguments(argv), Path.cwd()
    source = args.out / "mutation-matrix.json"
    if args.check:
        record = json.loads(source.read_text())
        stale = [
            name for name, text in written(record).items() if (args.out / name).read_text() != text
        ]
        for name in stale:
            print(
                f"mutants: {args.out / name} is not what {source} makes; -- --render",
                file=sys.stderr,
            )
        return 1 if stale else 0
    if args.render:
        record = json.loads(source.read_text())
    else:
        try:
            record = run(root, args)
        except mutmut.StageError as error:
            print(f"mutants: a stage could not judge: {error}", file=sys.stderr)
            return 1
    record["judgements"] = judged(root)
    args.out.mkdir(parents=True, exist_ok=True)
    source.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n")
    for name, text in written(record).items():
        (args.out / name).write_text(text)
    print(f"written: {source} and its .md and .svg")
    # A stage that could not judge is in the report, and fails the run that made it.
    return 1 if record.get("broken_stages") and not args.render else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
