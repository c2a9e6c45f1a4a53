"""The judge: when a failing test is a layer catching a fault, and when the run is broken instead.

The same rules for every layer. A layer *catches* a fault only when a named test fails in its
call phase with the fault applied, and the same test, run again alone, fails with the fault and
passes without it. Anything else that goes wrong says nothing about the fault, so the run is
*broken*, with its reason, and never a catch:

- pytest did not end with "tests ran and some failed" (exit 1): a collection or import error
  (2), an internal or usage error (3, 4: a node id that does not exist), no test (5), or a
  command before pytest failed (uv, nox, compose, a build), or the run was stopped at its time
  limit;
- the test failed in a fixture's set-up or tear-down, not in its own body;
- a test double crashed: the exception was raised inside a class the tests define (a fake, a
  stub), or names one (`'FakeSession' object has no attribute 'get_bind'`: the fake lacks what
  the code asked of it, which tells of the fake, not of the code);
- run alone, the test passed with the fault, failed without it too, or exited otherwise.

Pure functions of what the runs said (`evidence.fault_junit.Case`, exit statuses), and of the
tests' source (`Doubles`), so that the judge itself is tested on small synthetic cases.
"""

import ast
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from evidence.fault_junit import CALL, COLLECTION, Case

# What pytest's exit statuses mean (pytest.ExitCode); only 0 and 1 say something about a fault.
STATUSES = {
    2: "interrupted: a collection or import error",
    3: "an internal error",
    4: "a usage error (no such test, or a bad option)",
    5: "no test was collected",
}
# A test saying what it expected: an assert, pytest.fail, or pytest.raises' "DID NOT RAISE".
ASSERTIONS = frozenset({"AssertionError", "Failed"})
NAMED_OBJECT = re.compile(r"'(\w+)' object")
# The names a test module of doubles goes by (tests/unit/fakes.py, stubs.py, ...).
DOUBLES_MODULE = re.compile(r"fake|stub|double|mock|spy|dummy", re.IGNORECASE)


def status_problem(status: int | None, timeout: float) -> str:
    """Why an exit status says nothing about a fault; "" for 0 (all passed) and 1 (some failed)."""
    if status is None:
        return f"stopped after {timeout:.0f} s"
    if status in (0, 1):
        return ""
    return f"pytest exited {status}: {STATUSES.get(status, 'not a test result')}"


@dataclass
class Doubles:
    """What one member's tests define, read from the source under its `tests/` folder."""

    folder: Path  # the member's folder: frames' relative paths start there (pytest's rootdir)
    _scopes: dict[Path, list[tuple[int, int, str, str]]] = field(default_factory=dict)

    @cached_property
    def classes(self) -> frozenset[str]:
        """The classes the tests define, but the test classes themselves (Test*)."""
        names = set()
        for path in sorted((self.folder / "tests").rglob("*.py")):
            names.update(
                name
                for _, _, kind, name in self.scopes(path)
                if kind == "class" and not name.startswith("Test")
            )
        return frozenset(names)

    def scopes(self, path: Path) -> list[tuple[int, int, str, str]]:
        """(first line, last line, "class" or "def", name) of every class and function."""
        if path not in self._scopes:
            try:
                tree = ast.parse(path.read_text())
            except (OSError, SyntaxError, ValueError):
                tree = ast.Module(body=[], type_ignores=[])
            self._scopes[path] = [
                (node.lineno, node.end_lineno or node.lineno, kind, node.name)
                for node in ast.walk(tree)
                if (kind := scope_kind(node))
            ]
        return self._scopes[path]

    def test_file(self, path: str) -> Path | None:
        """The file a traceback's path names, when it is one of the tests' own."""
        file = Path(path) if Path(path).is_absolute() else self.folder / path
        tests = (self.folder / "tests").resolve()
        try:
            resolved = file.resolve()
            resolved.relative_to(tests)
        except (OSError, ValueError):
            return None
        return resolved if resolved.is_file() else None

    def double_at(self, path: str, line: int) -> str:
        """The test double a traceback's entry is inside: its class, or its module; else ""."""
        file = self.test_file(path)
        if file is None:
            return ""
        for first, last, kind, name in self.scopes(file):
            if kind == "class" and first <= line <= last and not name.startswith("Test"):
                return name
        return file.name if DOUBLES_MODULE.search(file.stem) else ""


def scope_kind(node: ast.AST) -> str:
    if isinstance(node, ast.ClassDef):
        return "class"
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return "def"
    return ""


def crashed_double(case: Case, doubles: Doubles) -> str:
    """Why a failure is a test double crashing rather than a test seeing something; "" if not."""
    if case.exception in ASSERTIONS:
        return ""
    named = NAMED_OBJECT.search(case.message)
    if named and named[1] in doubles.classes:
        return f"a test double crashed ({named[1]}, defined in the tests): {case.message}"
    if case.frames and (double := doubles.double_at(*case.frames[-1])):
        return f"a test double crashed (raised in {double}): {case.message}"
    return ""


def disqualified(case: Case, doubles: Doubles) -> str:
    """Why a failing case cannot count as a catch; "" when it is a test failing in its body."""
    if case.phase == COLLECTION:
        return f"collection error in {case.name}: {case.message}"
    if case.phase != CALL:
        return f"{case.phase} error in {case.where}: {case.message}"
    return crashed_double(case, doubles)


@dataclass(frozen=True)
class Rerun:
    """The failing test run again alone: pytest's exit status, and the case as it ran."""

    status: int | None
    case: Case | None = None


def confirmation(with_fault: Rerun, without: Rerun, doubles: Doubles, timeout: float) -> str:
    """Why a test's failure, run alone both ways, is not the fault's; "" when it is."""
    if with_fault.status != 1:
        problem = status_problem(with_fault.status, timeout) or "it passed"
        return f"alone with the fault: {problem}"
    if with_fault.case is None or not with_fault.case.phase:
        return "alone with the fault: the test did not fail (another did)"
    if problem := disqualified(with_fault.case, doubles):
        return f"alone with the fault: {problem}"
    if without.status != 0:
        problem = status_problem(without.status, timeout) or "it fails too"
        return f"alone without the fault: {problem}"
    return ""
