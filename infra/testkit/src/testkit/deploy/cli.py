"""The commands: `can-i-deploy <service> <ref> --to <environment>` and
`record-deployment <service> <ref> <environment> [--no-commit]`.

can-i-deploy exits 0 when every cell of the matrix passes, 1 when one fails, 2 when it refuses
to answer (a commit older than the tooling, an environment with nothing recorded, ...).
"""

import argparse
from collections.abc import Callable, Mapping
from pathlib import Path

from testkit.deploy import environments
from testkit.deploy.history import Refused, git, refuse_if_older_than_floor, resolve
from testkit.deploy.matrix import lines
from testkit.deploy.question import Answer, Question, Servers
from testkit.deploy.runs import Store

Say = Callable[[str], None]


def store_of(root: Path) -> Store:
    """Next to nox's environments, which it resembles: kept between runs, never committed."""
    return Store(root / ".nox" / "can-i-deploy")


def report(answer: Answer, ref: str, say: Say) -> None:
    service, failed = answer.service, [row for row in answer.rows if not row.ok]
    say(f"can-i-deploy {service.member} at {service.short} ({ref}) to {answer.environment}\n")
    if answer.rows:
        say("\n".join(lines(answer.rows)))
    if answer.yes:
        say(
            f"\nComputer says yes: {service} may go to {answer.environment}"
            f" ({len(answer.rows)} of {len(answer.rows)} verified)."
        )
    elif not answer.rows:
        say(
            f"\nComputer says no: no pact links {service.member} to what runs in"
            f" {answer.environment}, so nothing says it is safe."
        )
    else:
        say(
            f"\nComputer says no: {len(failed)} of {len(answer.rows)} failed"
            f" ({', '.join(sorted({f'{row.consumer}/{row.provider}' for row in failed}))})."
        )


def can_i_deploy(
    argv: list[str], root: Path, environ: Mapping[str, str], servers: Servers, say: Say = print
) -> int:
    parser = argparse.ArgumentParser(prog="can-i-deploy")
    parser.add_argument("service")
    parser.add_argument("ref", help="a commit, branch or tag, e.g. HEAD")
    parser.add_argument("--to", required=True, metavar="ENVIRONMENT")
    args = parser.parse_args(argv)
    try:
        answer = Question(root, store_of(root), environ, servers).ask(
            args.service, args.ref, args.to
        )
    except Refused as refused:
        say(f"can-i-deploy refuses: {refused}")
        return 2
    report(answer, args.ref, say)
    return 0 if answer.yes else 1


def record_deployment(argv: list[str], root: Path, say: Say = print) -> int:
    parser = argparse.ArgumentParser(prog="record-deployment")
    parser.add_argument("service")
    parser.add_argument("ref")
    parser.add_argument("environment")
    parser.add_argument("--no-commit", action="store_true", help="write the file, commit nothing")
    args = parser.parse_args(argv)
    try:
        commit = resolve(root, args.ref)
        refuse_if_older_than_floor(root, commit, f"{args.service} at {args.ref}")
    except Refused as refused:
        say(f"record-deployment refuses: {refused}")
        return 2
    path = environments.record(root, args.environment, args.service, commit)
    relative = str(path.relative_to(root))
    message = f"deploy: {args.service} {commit[:12]} to {args.environment}"
    if args.no_commit:
        say(
            f"{relative}: {args.service} at {commit[:12]}; to record it: git commit -m"
            f" '{message}' -- {relative}"
        )
        return 0
    git(root, "add", "--", relative)
    git(root, "commit", "--quiet", "--message", message, "--", relative)  # that file alone
    say(f"{message} ({relative}, committed)")
    return 0
