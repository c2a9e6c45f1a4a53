"""From a fault to the nox sessions it runs: the layers of its Reach, for the members it touches.

A member's unit and integration suites run when the fault changes the member or anything it
depends on (the chassis, say, reaches every service); the suites of the other members run the
same code as before the fault, since members never import each other, so they are not run.
The contract layer is one session (the pipeline of every pact), and so is e2e.
"""

import re
import tomllib
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from evidence.fault_patches import Fault

# The nox session(s) of each layer; {member} is filled in for the per-member layers.
SESSIONS = {
    "unit": "unit({member})",
    "mocked": "mocked({member})",
    "integration": "integration({member})",
    "contract": "contracts",
    "e2e": "e2e",
}
REQUIREMENT_NAME = re.compile(r"^[A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Member:
    name: str
    folder: str  # relative to the workspace root, e.g. "services/orders"
    requires: frozenset[str]  # the names of what it depends on, its dependency groups included


def members(root: Path) -> list[Member]:
    """The workspace's members, read from the root's and each member's pyproject.toml."""
    workspace = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["uv"]["workspace"]
    found = []
    for pattern in workspace["members"]:
        for folder in sorted(root.glob(pattern)):
            if (folder / "pyproject.toml").is_file():
                project = tomllib.loads((folder / "pyproject.toml").read_text())
                found.append(member_of(project, folder.relative_to(root).as_posix()))
    return found


def member_of(pyproject: dict, folder: str) -> Member:
    """A member from its parsed pyproject.toml: its name and what it depends on."""
    groups = pyproject.get("dependency-groups", {}).values()
    requirements = [*pyproject["project"].get("dependencies", []), *chain.from_iterable(groups)]
    names = {m[0] for r in requirements if isinstance(r, str) and (m := REQUIREMENT_NAME.match(r))}
    return Member(pyproject["project"]["name"], folder, frozenset(names))


def affected(files: tuple[str, ...], found: list[Member]) -> list[str]:
    """The members whose suites a change of `files` can make fail: touched ones first.

    Then, in name order, every member that depends on one of them, directly or not.
    """
    touched = sorted({m.name for m in found for file in files if file.startswith(f"{m.folder}/")})
    reached = set(touched)
    while True:
        more = {m.name for m in found if m.name not in reached and m.requires & reached}
        if not more:
            return touched + sorted(reached - set(touched))
        reached |= more


def plan(
    fault: Fault, found: list[Member], available: set[str], layers: tuple[str, ...] | None = None
) -> dict[str, list[str]]:
    """Layer -> the sessions that run it, for each layer of the fault's reach (or of `layers`).

    Args:
        fault: The fault.
        found: The workspace's members.
        available: The sessions the noxfile has (`nox --list --json`): a member without, say,
            an integration suite has no integration session.
        layers: Every layer to run (`--all-layers`), instead of the fault's reach; a layer with
            no session for the fault's members (no mocked suite, say) is left out.
    """
    names = affected(fault.files, found)
    outside = [f for f in fault.files if not any(f.startswith(f"{m.folder}/") for m in found)]
    if layers and outside:  # docker-compose.yml, say: any suite may read it, so every one runs
        names = [m.name for m in found]
    sessions = {}
    for layer in layers or fault.reach:
        pattern = SESSIONS[layer]
        candidates = (
            [pattern.format(member=name) for name in names] if "{" in pattern else [pattern]
        )
        sessions[layer] = [session for session in candidates if session in available]
    if layers:
        return {layer: chosen for layer, chosen in sessions.items() if chosen or layer != "mocked"}
    return sessions


def unreachable(plans: dict[str, list[str]]) -> list[str]:
    """The layers of a plan that no session can run: a Reach the fault's files cannot have."""
    return [layer for layer, sessions in plans.items() if not sessions]
