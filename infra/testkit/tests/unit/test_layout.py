"""The kit's folders import only from the floors below them, as testkit/__init__.py draws them.

The package's docstring is the map a reader trusts (and the README repeats it): if a module
imports from a folder drawn above its own, the map is wrong, and this test says which import.
"""

import ast
import re
from pathlib import Path

import testkit

PACKAGE = Path(testkit.__file__).parent
# A line of the docstring's map: four spaces, the floor's names, two spaces or more, what it is.
FLOOR = re.compile(r"^    ((?:[\w]+/?)(?:, [\w]+/?)*) {2,}\S")


def floors(doc: str) -> dict[str, int]:
    """Each top-level module or folder of the map -> its floor, from the ground (0) up."""
    lines = [match[1] for line in doc.splitlines() if (match := FLOOR.match(line))]
    return {name.strip("/"): floor for floor, line in enumerate(lines) for name in line.split(", ")}


def imported(path: Path) -> set[str]:
    """The kit's top-level names a module imports, at its top or inside a function."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        modules = []
        if isinstance(node, ast.ImportFrom) and node.module:
            modules = [node.module]
        elif isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        names |= {m.split(".")[1] for m in modules if m.startswith("testkit.")}
    return names


def upward_imports(floor_of: dict[str, int]) -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        own = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        if own == "__init__":
            continue
        for name in sorted(imported(path) - {own}):
            if floor_of[name] >= floor_of[own]:
                found.append(f"{path.relative_to(PACKAGE)} imports testkit.{name}")
    return found


def test_the_map_names_every_module_and_folder_of_the_kit() -> None:
    on_disk = {p.name.removesuffix(".py") for p in PACKAGE.iterdir() if p.name != "__init__.py"}
    on_disk -= {"__pycache__"}

    assert set(floors(testkit.__doc__ or "")) == on_disk


def test_every_import_of_the_kit_runs_down_its_floors() -> None:
    assert upward_imports(floors(testkit.__doc__ or "")) == []


def test_an_import_from_a_floor_above_is_seen() -> None:
    drawn = floors(testkit.__doc__ or "")
    upside_down = {name: -floor for name, floor in drawn.items()}

    assert "servers/broker.py imports testkit.data" in upward_imports(upside_down)
