"""The kit's README lists every fixture `pytest --fixtures` shows from the kit, and every module.

A fixture arrives in a suite with no import (the pytest11 plugin), so the README's table is where
a reader finds where it comes from: it must agree with pytest's own listing, scope and module.
"""

import re
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

KIT = Path(__file__).parents[2]
README = KIT / "README.md"
# `pytest --fixtures`: a section per plugin module, then `name [session scope] -- path:line`.
SECTION = re.compile(r"^-+ fixtures defined from testkit\.(\w+) -+$")
FIXTURE = re.compile(r"^(\w+)(?: \[(\w+) scope\])? -- ")
# The README's table: | `name` | scope | module | ...
ROW = re.compile(r"^\| `(\w+)` \| (\w+) \| (\w+) \|")


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


def test_the_readme_names_every_module_of_the_kit() -> None:
    text = README.read_text()
    modules = sorted(p.stem for p in (KIT / "src" / "testkit").glob("*.py") if p.stem != "__init__")

    assert [m for m in modules if not re.search(rf"\b{m}\b", text)] == []


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
