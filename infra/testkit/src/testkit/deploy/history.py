"""The versions can-i-deploy reads: commits resolved from git, each in a worktree of its own."""

import subprocess
from pathlib import Path

# The first commit whose contract tests can-i-deploy can run as they are: every service's
# consumer tests write their pacts into $PACT_DIR and its provider test verifies the pacts there
# and reports to $PACT_REPORT_DIR, through the test kit's fixtures (`migrate`, `pact_dir`,
# `verify`), each member locked with a `contract` group. Older commits are refused, not guessed.
FLOOR = "c724318d60012bb6c1713e4f4283e6c75a737ca5"


class Refused(Exception):
    """A question can-i-deploy does not answer; the message says why and what to do."""


def git(root: Path, *args: str) -> str:
    """git's output; CalledProcessError (with git's message as `stderr`) if it fails."""
    command = ["git", "-C", str(root), *args]
    done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    return done.stdout.strip()


def resolve(root: Path, ref: str) -> str:
    """The full commit id `ref` names."""
    try:
        return git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except subprocess.CalledProcessError:
        raise Refused(f"{ref!r} names no commit in {root}") from None


def refuse_if_older_than_floor(root: Path, commit: str, what: str) -> None:
    """Refuse a commit the tooling cannot run: one that does not descend from `FLOOR`.

    Args:
        root: The repository.
        commit: A full commit id.
        what: What the commit is, for the message, e.g. ``"catalog deployed to production"``.
    """
    try:
        git(root, "cat-file", "-e", f"{FLOOR}^{{commit}}")
    except subprocess.CalledProcessError:
        raise Refused(
            f"the history in {root} lacks {FLOOR[:12]}, the oldest commit can-i-deploy can run:"
            " a shallow clone? Fetch the whole history (actions/checkout: fetch-depth: 0)."
        ) from None
    try:
        git(root, "merge-base", "--is-ancestor", FLOOR, commit)
    except subprocess.CalledProcessError:
        raise Refused(
            f"{what} is at {commit[:12]}, older than {FLOOR[:12]}, the first commit whose"
            " contract tests write and verify pacts where can-i-deploy points them ($PACT_DIR,"
            " $PACT_REPORT_DIR): its contracts cannot be checked. Deploy it from a newer commit."
        ) from None


def worktree(root: Path, trees: Path, commit: str) -> Path:
    """A checkout of `commit` of its own under `trees`, made once and kept for later questions."""
    path = trees / commit
    if not (path / ".git").exists():
        git(root, "worktree", "prune")  # a worktree whose folder was removed blocks its path
        git(root, "worktree", "add", "--detach", "--force", str(path), commit)
    return path
