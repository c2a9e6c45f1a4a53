"""`python -m evidence.affected BASE_REF | --everything [options]`, from the repository's root.

Prints the sessions the change since BASE_REF can break (committed since the merge base, plus
staged, unstaged and untracked files), why each, and what is left out. `--plan FILE` receives
what to run as a JSON list of [session, arguments] (empty with --dry-run): `nox -s affected`
queues them.
`--github-output FILE` appends what the CI workflow's jobs read (see github_outputs).
"""

import argparse
import json
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from evidence.affected import inputs
from evidence.affected.checks import CHECKS
from evidence.affected.model import LAYERS, Affected, layer_of
from evidence.affected.rules import plan, whole

SHOWN = 3  # reasons printed per session; the rest are counted
PUSH = "a push to main, or asked for: the whole pyramid runs"


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="nox -s affected --", description=__doc__.split("\n")[0])
    change = parser.add_mutually_exclusive_group(required=True)
    change.add_argument("base", nargs="?", help="the ref the change is measured from")
    change.add_argument("--everything", action="store_true", help="every session of the pyramid")
    parser.add_argument("--dry-run", action="store_true", help="only print the plan")
    parser.add_argument(
        "--only", action="append", default=[], help="keep a layer (`unit`) or session; repeatable"
    )
    parser.add_argument("--plan", type=Path, help="write the sessions to run here (JSON)")
    parser.add_argument("--github-output", type=Path, help="append the workflow's job outputs")
    parser.add_argument("--nox", default="nox", help="how to call nox (default: %(default)s)")
    return parser.parse_args(argv)


def kept(session: str, only: Sequence[str]) -> bool:
    """Whether `--only` keeps it: named as a session (`unit(orders)`) or a layer (`unit`)."""
    return not only or session in only or layer_of(session) in only


def github_outputs(sessions: Sequence[str], listed: Sequence[str]) -> dict[str, str]:
    """One output per job of .github/workflows/ci.yml: `true`/`false`, or the matrix's members.

    The integration job is a matrix of one member each: the layer's own session stands for all.
    """
    layers = {layer_of(s) for s in sessions}
    jobs = [*LAYERS, *CHECKS]
    outputs = {job: json.dumps(job in layers) for job in jobs if job != "integration"}
    chosen = listed if "integration" in sessions else sessions
    members = [s.removeprefix("integration(")[:-1] for s in chosen if s.startswith("integration(")]
    outputs["integration"] = json.dumps(members)
    outputs["sessions"] = json.dumps(list(sessions))
    return outputs


def report(
    planned: list[Affected], paths: list[str] | None, listed: Sequence[str], *, dry: bool
) -> str:
    """What changed (None: everything was asked for), what runs and why, what does not run."""
    lines = [] if paths is None else [f"{len(paths)} changed paths:", *(f"  {p}" for p in paths)]
    # Reasons every session but lint has (the chassis, the kit, uv.lock...): said once.
    above = [set(a.reasons) for a in planned if a.session != "lint"]
    shared = set.intersection(*above) if len(above) > 1 else set()
    verb = "would run" if dry else "runs"
    lines.append(f"{verb} {len(planned)} of {len(listed)} sessions:")
    if shared:
        lines.append("  every one but lint, because of:")
        lines += _reasons(sorted(shared), "    ")
    for affected in planned:
        lines.append(f"  {affected.label}")
        lines += _reasons([r for r in affected.reasons if r not in shared], "    ")
    running = {a.session for a in planned}
    left = [s for s in listed if s not in running and layer_of(s) not in running]
    if left:
        lines.append(f"not run (no changed path reaches them): {', '.join(left)}")
    return "\n".join(lines)


def _reasons(reasons: list[str], indent: str) -> list[str]:
    shown = [f"{indent}- {why}" for why in reasons[:SHOWN]]
    more = len(reasons) - SHOWN
    return shown + ([f"{indent}- ... and {more} more paths"] if more > 0 else [])


def main(argv: list[str]) -> int:
    args = arguments(argv)
    root = Path.cwd()
    workspace = inputs.workspace(root, shlex.split(args.nox))
    if args.everything:
        paths, planned = None, whole(workspace, PUSH)
    else:
        paths = inputs.changed_paths(root, args.base)
        planned = plan(paths, workspace)
    planned = [a for a in planned if kept(a.session, args.only)]
    listed = [s for s in workspace.sessions if kept(s, args.only)]
    print(report(planned, paths, listed, dry=args.dry_run), flush=True)
    if args.plan:
        runs = [[a.session, list(a.posargs)] for a in planned]
        args.plan.parent.mkdir(parents=True, exist_ok=True)
        args.plan.write_text(json.dumps([] if args.dry_run else runs))
    sessions = [a.session for a in planned]
    if args.github_output:
        with args.github_output.open("a") as out:
            outputs = github_outputs(sessions, workspace.sessions)
            out.writelines(f"{key}={value}\n" for key, value in outputs.items())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
