"""The fault patches in infra/faults/: a few `Key: value` lines that say what the fault is, then
the `git diff` that makes it (git apply skips the lines before the first `diff --git`).

    Description: The order total forgets each line's quantity.
    Class: domain-rule
    Owner: unit
    Reach: unit, integration, contract
    Skips: e2e: ... (optional: why a layer is left out of the reach)

The fault's id is its file name without the number that orders it: 21-orders-total.patch is
`orders-total`. Owner is the layer that owns this kind of bug (infra/faults/README.md has the
table of boundaries); Reach is every layer the fault is run through, the owner among them.
"""

import re
from dataclasses import dataclass
from pathlib import Path

LAYERS = ("unit", "integration", "contract", "e2e")  # in the pyramid's order
CLASSES = {
    "provider-field": "a provider renames or retypes a response field",
    "event-field": "an event field renamed or retyped",
    "routing": "a routing key, exchange or binding changed on one side",
    "migration-drift": "a migration that no longer matches the model",
    "constraint-or-lock": "a unique constraint or row lock dropped",
    "outbox": "the outbox row committed apart from its change",
    "consumer-ack-or-dedup": "a consumer that acks before it commits, or stops deduplicating",
    "auth-scope": "an auth scope check dropped",
    "client-path": "a REST client calling the wrong path",
    "timeout": "a missing timeout on one outbound call",
    "error-format": "an error in the framework's format instead of problem+json",
    "compose": "a compose setting misspelt",
    "domain-rule": "a pure logic bug in a domain rule",
    "state-transition": "a state transition allowed that must not be",
}
# A provider's or producer's developer who changes a field updates their own tests with it;
# any other fault leaves every test as it is.
CLASSES_WITH_OWN_TESTS = frozenset({"provider-field", "event-field"})
HEADER = re.compile(r"^([A-Z][a-z]+): (.+)$")
CHANGED_FILE = re.compile(r"^diff --git a/\S+ b/(\S+)$", re.MULTILINE)


class BadFault(ValueError):
    """A patch file whose header or diff does not say what a fault must say."""


@dataclass(frozen=True)
class Fault:
    id: str
    path: Path
    description: str
    kind: str  # a key of CLASSES
    owner: str  # one of LAYERS
    reach: tuple[str, ...]  # in LAYERS order, the owner among them
    files: tuple[str, ...]  # the paths the diff changes, relative to the repository's root
    skips: str = ""  # why the layers outside its reach cannot see it, in a few words


def parse(path: Path, text: str) -> Fault:
    """The fault a patch file describes; BadFault naming what is missing or wrong."""
    head, found, _ = text.partition("diff --git ")
    if not found:
        raise BadFault(f"{path.name}: no `diff --git` in it")
    fields = {m[1]: m[2].strip() for m in map(HEADER.match, head.splitlines()) if m}
    missing = [key for key in ("Description", "Class", "Owner", "Reach") if key not in fields]
    if missing:
        raise BadFault(f"{path.name}: no {', '.join(missing)} line")
    reach = {layer.strip() for layer in fields["Reach"].split(",")}
    return Fault(
        id=re.sub(r"^\d+-", "", path.name.removesuffix(".patch")),
        path=path,
        description=fields["Description"],
        kind=fields["Class"],
        owner=fields["Owner"],
        reach=tuple(layer for layer in LAYERS if layer in reach) + tuple(sorted(reach - {*LAYERS})),
        files=tuple(sorted(set(CHANGED_FILE.findall(text)))),
        skips=fields.get("Skips", ""),
    )


def load(folder: Path) -> list[Fault]:
    """Every fault in `folder`, in the order of the file names."""
    return [parse(path, path.read_text()) for path in sorted(folder.glob("*.patch"))]


def problems(fault: Fault) -> list[str]:
    """What is wrong with a fault's description of itself; empty when nothing is."""
    found = []
    if fault.kind not in CLASSES:
        found.append(f"unknown class {fault.kind!r} (one of {', '.join(CLASSES)})")
    if unknown := [layer for layer in fault.reach if layer not in LAYERS]:
        found.append(f"unknown layers in Reach: {', '.join(unknown)}")
    if fault.owner not in LAYERS:
        found.append(f"unknown owner {fault.owner!r} (one of {', '.join(LAYERS)})")
    elif fault.owner not in fault.reach:
        found.append(f"its owner, {fault.owner}, is not in its Reach")
    if not fault.files:
        found.append("the diff changes no file")
    found += [
        f"{file}: the committed pacts are never changed"
        for file in fault.files
        if file.startswith("contracts/")
    ]
    found += test_changes(fault)
    return [f"{fault.path.name}: {problem}" for problem in found]


def test_changes(fault: Fault) -> list[str]:
    """The tests a fault may not change: any, unless a provider's developer updates their own."""
    tests = [file for file in fault.files if "/tests/" in file]
    if tests and fault.kind not in CLASSES_WITH_OWN_TESTS:
        return [f"{file}: a {fault.kind} fault changes no test" for file in tests]
    code = {file.split("/src/")[0] for file in fault.files if "/src/" in file}
    return [
        f"{file}: only the changed member's own unit and integration tests may follow it"
        for file in tests
        if not any(
            file.startswith(f"{member}/tests/{layer}/")
            for member in code
            for layer in ("unit", "integration")
        )
    ]


def uncovered(faults: list[Fault]) -> list[str]:
    """The classes of bug no fault stands for."""
    return [kind for kind in CLASSES if kind not in {fault.kind for fault in faults}]
