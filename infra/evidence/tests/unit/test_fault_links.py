"""One hop from a fault to its test: every link of the committed matrix opens at the test.

The links are resolved from a failing test's node id (`evidence.fault_links`): its own `def`
line, or for a test inherited from a kit class, the line of the service's class that inherits
it, with the kit class named.
"""

import re
from pathlib import Path

import pytest
from evidence.fault_links import resolve

ROOT = Path(__file__).resolve().parents[4]
MATRIX = ROOT / "docs" / "fault-matrix.md"
LINK = re.compile(r"\]\(\.\./([^)#]+)#L(\d+)\)")
KIT = """
class ApiChecks:
    def test_a_framework_error_is_a_problem(self):
        assert True

class MoreChecks(ApiChecks):
    pass
"""
SERVICE = """from testkit.checks.api import MoreChecks


class TestFrameworkErrors(MoreChecks):
    app = None


class TestOwn:
    def test_written_here(self):
        assert True


def test_plain():
    assert True
"""


def links(markdown: str) -> list[tuple[str, int]]:
    return [(path, int(line)) for path, line in LINK.findall(markdown)]


def test_every_link_of_the_committed_matrix_opens_at_a_test_or_its_class():
    found = links(MATRIX.read_text())

    assert found, "the matrix links no test"
    for path, line in found:
        lines = (ROOT / path).read_text().splitlines()
        assert 1 <= line <= len(lines), f"{path}:{line} is past the file's end"
        opened = lines[line - 1].lstrip()
        assert opened.startswith(("def test", "async def test", "class ")), f"{path}:{line}"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    kit = tmp_path / "infra/testkit/src/testkit"
    kit.mkdir(parents=True)
    (kit / "api_checks.py").write_text(KIT)
    tests = tmp_path / "services/users/tests/integration"
    tests.mkdir(parents=True)
    (tests / "test_api.py").write_text(SERVICE)
    return tmp_path


def test_a_test_written_in_the_module_links_to_its_def_line(tree):
    own = resolve(
        tree,
        "integration-users",
        "services/users",
        "tests/integration/test_api.py::TestOwn::test_written_here",
    )
    plain = resolve(
        tree,
        "integration-users",
        "services/users",
        "tests/integration/test_api.py::test_plain[a-b]",
    )

    assert (own.file, own.line, own.kit) == ("services/users/tests/integration/test_api.py", 9, "")
    assert (plain.line, plain.kit) == (13, "")


def test_a_test_inherited_from_the_kit_links_to_the_services_class_naming_the_kit_class(tree):
    nodeid = (
        "tests/integration/test_api.py::TestFrameworkErrors::test_a_framework_error_is_a_problem"
    )

    found = resolve(tree, "integration-users", "services/users", nodeid)

    assert (found.file, found.line, found.kit) == (
        "services/users/tests/integration/test_api.py",
        4,
        "ApiChecks",
    )


def test_links_are_read_from_markdown_relative_to_docs():
    text = "see [a.py:3](../services/a/tests/a.py#L3) and [b](../b.py#L10)"

    assert links(text) == [("services/a/tests/a.py", 3), ("b.py", 10)]


def test_relinking_follows_a_test_that_moved_and_names_one_that_is_gone(tmp_path: Path):
    from evidence.fault_links import relink

    (tmp_path / "svc/tests").mkdir(parents=True)
    (tmp_path / "svc/tests/test_a.py").write_text("import os\n\n\ndef test_moved():\n    pass\n")
    test = {"env": "unit-svc", "folder": "svc", "file": "svc/tests/test_a.py", "line": 1}
    moved = {**test, "nodeid": "tests/test_a.py::test_moved", "kit": "", "provider": False}
    gone = {**moved, "nodeid": "tests/test_a.py::test_renamed"}
    data = {"faults": [{"id": "f1", "layers": {"unit": {"test": moved}, "e2e": None}}]}

    assert relink(data, tmp_path) == []
    assert moved["line"] == 4
    data["faults"][0]["layers"]["unit"]["test"] = gone
    assert relink(data, tmp_path) == ["f1: svc/tests/test_a.py::test_renamed is not here"]
