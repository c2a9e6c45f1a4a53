"""One hop from a fault to its test: the file and line a reader opens, and the kit class, if any.

A test's node id names its module, class and function. When the function is written in the
module, the link is its `def` line. When the class inherits it from one of the kit's classes
(`testkit.checks.api`, `testkit.checks.migrations`, `testkit.checks.pact_wiring`), the service's own
module is still where the reader starts: the link is the class's line there, and the kit class that
defines the test is named beside it.
"""

import ast
from pathlib import Path

from evidence.fault_matrix import TestRef

KIT = Path("infra/testkit/src")


def definitions(path: Path) -> dict[str, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef]:
    """A module's top-level classes and functions by name."""
    try:
        tree = ast.parse(path.read_text())
    except (OSError, SyntaxError, ValueError):
        return {}
    return {
        node.name: node
        for node in tree.body
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
    }


def kit_classes(root: Path) -> dict[str, ast.ClassDef]:
    """Every class the kit defines, by name (its classes' names are unique)."""
    found = {}
    for path in sorted((root / KIT).rglob("*.py")):
        found.update(
            {
                name: node
                for name, node in definitions(path).items()
                if isinstance(node, ast.ClassDef)
            }
        )
    return found


def methods(node: ast.ClassDef) -> set[str]:
    return {
        item.name for item in node.body if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
    }


def bases(node: ast.ClassDef) -> list[str]:
    """The names of a class's bases (`api_checks.ApiChecks` is `ApiChecks`)."""
    names = []
    for base in node.bases:
        if isinstance(base, ast.Name):
            names.append(base.id)
        elif isinstance(base, ast.Attribute):
            names.append(base.attr)
    return names


def defining_kit_class(node: ast.ClassDef, test: str, kit: dict[str, ast.ClassDef]) -> str:
    """The kit class, among a class's bases and theirs, that defines `test` ("" if none)."""
    pending = bases(node)
    seen: set[str] = set()
    while pending:
        name = pending.pop(0)
        if name in seen or name not in kit:
            continue
        seen.add(name)
        if test in methods(kit[name]):
            return name
        pending += bases(kit[name])
    return ""


def resolve(root: Path, env: str, folder: str, nodeid: str, *, provider: bool = False) -> TestRef:
    """The test a node id names, with where a reader finds it (`file`, `line`, `kit`)."""
    module, *names = nodeid.split("::")
    test = names[-1].partition("[")[0] if names else ""
    file = f"{folder}/{module}"
    reference = TestRef(env, folder, nodeid, file, 1, provider=provider)
    found = definitions(root / file)
    if len(names) == 1 and test in found:
        return TestRef(env, folder, nodeid, file, found[test].lineno, provider=provider)
    owner = found.get(names[0]) if names else None
    if not isinstance(owner, ast.ClassDef):
        return reference
    for item in owner.body:
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name == test:
            return TestRef(env, folder, nodeid, file, item.lineno, provider=provider)
    kit = defining_kit_class(owner, test, kit_classes(root))
    return TestRef(env, folder, nodeid, file, owner.lineno, kit, provider=provider)


def relink(data: dict, root: Path) -> list[str]:
    """Point every test of a results file at where its node id is in this tree, in place.

    A run records the file and line of each failing test as they were in the tree it ran on;
    tests above them move with every edit. The verdicts stay the run's: only where a reader
    opens each test is looked up again, by its node id. A node id this tree no longer has is
    returned as a problem (the test was renamed or removed: the matrix needs a new run).
    """
    problems = []
    for fault in data["faults"]:
        for layer in fault["layers"].values():
            test = (layer or {}).get("test")
            if not test:
                continue
            ref = resolve(
                root, test["env"], test["folder"], test["nodeid"], provider=test["provider"]
            )
            path = root / ref.file
            opened = path.read_text().splitlines() if path.exists() else []
            at = opened[ref.line - 1].lstrip() if 0 < ref.line <= len(opened) else ""
            if not at.startswith(("def test", "async def test", "class ")):
                problems.append(f"{fault['id']}: {test['folder']}/{test['nodeid']} is not here")
                continue
            test.update(file=ref.file, line=ref.line, kit=ref.kit)
    return problems
