"""What the rules read from the repository: changed paths, nox's sessions, members and pacts.

Each is read where it is defined, never kept in a list here: the paths from git, the sessions
from nox itself (`nox --list`), the members from the workspace's pyproject.toml (as
testkit.workspace finds them; evidence is standard library only and does not import the kit),
the pacts from the files in contracts/, the fault patches' files from infra/faults/.
"""

import json
import re
import subprocess
import tomllib
from collections.abc import Sequence
from pathlib import Path

from evidence.affected.model import Pact, Workspace
from evidence.fault_patches import CHANGED_FILE

# A session in `nox --list`: marker, name, then maybe [tags] and `-> description`.
LISTED = re.compile(r"^[*-] (?P<name>\S+)(?: \[[^\]]*\])?(?: -> .*)?$")


def changed_paths(root: Path, base: str) -> list[str]:
    """Paths changed since `base`: its merge base to HEAD, plus what is not committed yet.

    `--no-renames`: a moved file counts at both ends, since either can break something.
    """
    committed = _git(root, "diff", "--name-only", "--no-renames", f"{base}...HEAD")
    uncommitted = _git(root, "diff", "--name-only", "--no-renames", "HEAD")
    untracked = _git(root, "ls-files", "--others", "--exclude-standard")
    return sorted({line for line in (committed + uncommitted + untracked) if line})


def nox_sessions(root: Path, nox: Sequence[str] = ("nox",)) -> list[str]:
    """Every session the noxfile declares, as `nox -s` names them: `lint`, `unit(orders)`, ...

    From `nox --list`, whose lines after the header are `* name -> description` (`-` for a
    session not run by default); `--json` would list only those run by default.
    """
    listing = subprocess.run(  # noqa: S603
        [*nox, "--noxfile", str(root / "noxfile.py"), "--list", "--no-color"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    _, _, sessions = listing.stdout.partition("Sessions defined in")
    return [m["name"] for m in map(LISTED.match, sessions.splitlines()) if m]


def members(root: Path) -> dict[str, str]:
    """Member name -> its folder from the root, for the members `[tool.uv.workspace]` names."""
    workspace = _toml(root / "pyproject.toml")["tool"]["uv"]["workspace"]
    excluded = {folder for pattern in workspace.get("exclude", []) for folder in root.glob(pattern)}
    found = {}
    for pattern in workspace["members"]:
        for folder in sorted(root.glob(pattern)):
            if folder not in excluded and (folder / "pyproject.toml").is_file():
                name = _toml(folder / "pyproject.toml")["project"]["name"]
                found[name] = folder.relative_to(root).as_posix()
    return found


def pacts(root: Path) -> list[Pact]:
    """The committed pacts, with their consumer and provider as the files name them."""
    found = []
    for path in sorted((root / "contracts").glob("*.json")):
        pact = json.loads(path.read_text())
        found.append(Pact(path.name, pact["consumer"]["name"], pact["provider"]["name"]))
    return found


def fault_targets(root: Path) -> frozenset[str]:
    """The files the fault patches change (read as evidence.fault_patches reads them)."""
    patches = sorted((root / "infra" / "faults").glob("*.patch"))
    return frozenset(file for patch in patches for file in CHANGED_FILE.findall(patch.read_text()))


def workspace(root: Path, nox: Sequence[str] = ("nox",)) -> Workspace:
    return Workspace(members(root), nox_sessions(root, nox), pacts(root), fault_targets(root))


def _git(root: Path, *args: str) -> list[str]:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)  # noqa: S603, S607
    if done.returncode:
        # Most often a base the clone does not have: CI must fetch it (fetch-depth: 0).
        raise SystemExit(f"git {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout.splitlines()


def _toml(path: Path) -> dict:
    return tomllib.loads(path.read_text())
