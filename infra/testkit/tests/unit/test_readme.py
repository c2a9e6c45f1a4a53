"""The kit's README lists every fixture `pytest --fixtures` shows from the kit, and every module.

A fixture arrives in a suite with no import (the pytest11 plugin), so the README's table is where
a reader finds where it comes from: it must agree with pytest's own listing, scope and module.
"""

import ast
import re
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

KIT = Path(__file__).parents[2]
README = KIT / "README.md"
PACKAGE = KIT / "src" / "testkit"
# `pytest --fixtures`: a section per plugin module, then `name [session scope] -- path:line`.
SECTION = re.compile(r"^-+ fixtures defined from testkit\.([\w.]+) -+$")
FIXTURE = re.compile(r"^(\w+)(?: \[(\w+) scope\])? -- ")
# The README's table: | `name` | scope | module | ...
ROW = re.compile(r"^\| `(\w+)` \| (\w+) \| ([\w.]+) \|")
# A dotted name under the package, as prose and tables write it: `testkit.servers.broker.publish`.
DOTTED = re.compile(r"\btestkit((?:\.\w+)+)")


def listed_by_pytest(lines: list[str]) -> dict[str, tuple[str, str]]:
    """Fixture -> (scope, module) for the kit's fixtures in `pytest --fixtures` output."""
    found, module = {}, None
    for line in lines:
        if section := SECTION.match(line):
            module = section[1]
        elif line.startswith("---"):
            module = None
        elif module and (fixture := FIXTURE.match(line)):
            found[fixture[1]] = (fixture[2] or "function", module)
    return found


def listed_in_readme(text: str) -> dict[str, tuple[str, str]]:
    return {m[1]: (m[2], m[3]) for line in text.splitlines() if (m := ROW.match(line))}


def test_the_readme_lists_every_fixture_of_the_kit_as_pytest_fixtures_does(
    pytester: pytest.Pytester,
) -> None:
    result = pytester.runpytest("--fixtures", "-p", "no:cacheprovider")

    from_pytest = listed_by_pytest(result.outlines)
    assert "postgres" in from_pytest  # the plugin was loaded and its output read
    assert listed_in_readme(README.read_text()) == from_pytest


def modules() -> list[str]:
    """Every module of the kit, dotted from the package: `plugin`, `servers.broker`."""
    return sorted(
        ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        for path in PACKAGE.rglob("*.py")
        if path.name != "__init__.py"
    )


def unresolved(name: str) -> str | None:
    """What of a dotted name under the package names nothing there, or None when all of it does.

    Folders and modules are followed as far as they go; what is left must be one name defined at
    the top of the module reached (a package's `__init__.py` defines nothing).
    """
    here, parts = PACKAGE, name.strip(".").split(".")
    while parts and (here / parts[0]).is_dir():
        here = here / parts.pop(0)
    if parts and (here / f"{parts[0]}.py").is_file():
        tree = ast.parse((here / f"{parts.pop(0)}.py").read_text())
        defined = {
            target.id if isinstance(target, ast.Name) else getattr(target, "name", "")
            for node in tree.body
            for target in (
                node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", node)]
            )
        }
        if parts and parts[0] in defined:
            parts.pop(0)
        return ".".join(parts) or None
    return ".".join(parts) or None


def test_the_readme_names_every_module_of_the_kit() -> None:
    text = README.read_text()

    assert [m for m in modules() if not re.search(rf"(?<![\w.]){re.escape(m)}\b", text)] == []


def test_every_dotted_name_of_the_kit_in_the_readme_exists() -> None:
    names = {match[1] for match in DOTTED.finditer(README.read_text())}

    assert ".plugin" in names  # the names were found
    assert {name: rest for name in sorted(names) if (rest := unresolved(name))} == {}


def test_a_moved_or_misspelt_name_is_seen() -> None:
    assert unresolved(".servers.broker.publish") is None
    assert unresolved(".plugin") is None
    assert unresolved(".broker.publish") == "broker.publish"  # the module's old place
    assert unresolved(".servers.broker.publishes") == "publishes"
    assert unresolved(".servers.publish") == "publish"


def test_a_fixture_missing_from_the_readme_or_in_another_scope_is_seen() -> None:
    output = [
        "------------ fixtures defined from testkit.plugin ------------",
        "postgres [session scope] -- .../plugin.py:68",
        "    A real Postgres server.",
        "session -- .../plugin.py:109",
        "------------ fixtures defined from conftest ------------",
        "client -- tests/conftest.py:3",
    ]
    readme = "| `postgres` | function | plugin | a server |\n"

    assert listed_by_pytest(output) == {
        "postgres": ("session", "plugin"),
        "session": ("function", "plugin"),
    }
    assert listed_in_readme(readme) != listed_by_pytest(output)
