"""`--check` bites: a fault whose owning test no longer fails with its patch fails the check.

A workspace of one member, `demo`, whose unit test checks a total; its environment is the
interpreter running these tests. One fault really breaks the total; the same fault rewritten
to edit only a docstring still applies cleanly, and must fail the check.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from evidence.fault_check import check
from evidence.fault_patches import load
from evidence.fault_reach import Member

GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@localhost"]
DOMAIN = '''def total(lines):
    """The order's total."""
    return sum(quantity * price for quantity, price in lines)
'''
TEST = """from demo.domain import total


def test_the_total_counts_each_lines_quantity():
    assert total([(2, 5), (1, 3)]) == 13
"""
HEADER = "Description: d\nClass: domain-rule\nOwner: unit\nReach: unit\n\n"
BREAKS = """diff --git a/demo/src/demo/domain.py b/demo/src/demo/domain.py
--- a/demo/src/demo/domain.py
+++ b/demo/src/demo/domain.py
@@ -1,3 +1,3 @@
 def total(lines):
     \"\"\"The order's total.\"\"\"
-    return sum(quantity * price for quantity, price in lines)
+    return sum(price for quantity, price in lines)
"""
NO_OP = """diff --git a/demo/src/demo/domain.py b/demo/src/demo/domain.py
--- a/demo/src/demo/domain.py
+++ b/demo/src/demo/domain.py
@@ -1,3 +1,3 @@
 def total(lines):
-    \"\"\"The order's total.\"\"\"
+    \"\"\"The order's total, every line counted.\"\"\"
     return sum(quantity * price for quantity, price in lines)
"""
PYTEST = f"""#!/bin/sh
PYTHONPATH="$PWD/src" exec {sys.executable} -m pytest "$@"
"""


def workspace(tmp_path: Path, diff: str) -> Path:
    """The demo workspace with its one fault, its results file naming the owning test."""
    root = tmp_path / "repo"
    (root / "demo/src/demo").mkdir(parents=True)
    (root / "demo/tests/unit").mkdir(parents=True)
    (root / "demo/src/demo/__init__.py").write_text("")
    (root / "demo/src/demo/domain.py").write_text(DOMAIN)
    (root / "demo/tests/unit/test_domain.py").write_text(TEST)
    (root / "infra/faults").mkdir(parents=True)
    (root / "infra/faults/01-demo-total.patch").write_text(HEADER + diff)
    (root / ".gitignore").write_text(".nox/\n__pycache__/\n")
    test = {
        "env": "unit-demo",
        "folder": "demo",
        "nodeid": "tests/unit/test_domain.py::test_the_total_counts_each_lines_quantity",
    }
    fault = {"id": "demo-total", "class": "domain-rule", "owner": "unit"}
    results = {"faults": [{**fault, "layers": {"unit": {"outcome": "caught", "test": test}}}]}
    (root / "docs").mkdir()
    (root / "docs/fault-matrix.json").write_text(json.dumps(results))
    subprocess.run([*GIT, "init", "-q"], cwd=root, check=True)  # noqa: S603 (git, our args)
    environment = root / ".nox/_faults/check/.nox/unit-demo/bin"
    environment.mkdir(parents=True)
    (environment / "pytest").write_text(PYTEST)
    (environment / "pytest").chmod(0o755)
    return root


def problems_of(root: Path) -> list[str]:
    found = [Member("demo", "demo", frozenset())]
    faults = load(root / "infra/faults")
    return check(root, faults, found, root / "docs/fault-matrix.json", sync=False)


def bites(problems: list[str]) -> list[str]:
    """The problems about owning tests (the others: classes no fault stands for, here)."""
    return [p for p in problems if "owning test" in p or "without any fault" in p]


@pytest.mark.parametrize("diff", [BREAKS], ids=["a patch that breaks the total"])
def test_a_fault_whose_owning_test_fails_with_it_and_passes_without_passes(tmp_path, diff):
    assert bites(problems_of(workspace(tmp_path, diff))) == []


def test_a_patch_rewritten_to_only_edit_a_docstring_fails_the_check(tmp_path):
    problems = bites(problems_of(workspace(tmp_path, NO_OP)))

    assert problems == [
        "demo-total: its owning test "
        "tests/unit/test_domain.py::test_the_total_counts_each_lines_quantity (unit-demo) "
        "does not fail: it passed"
    ]


def test_a_fault_the_results_do_not_show_as_it_is_fails_the_check(tmp_path):
    root = workspace(tmp_path, BREAKS)
    patch = root / "infra/faults/01-demo-total.patch"
    patch.write_text(patch.read_text().replace("Owner: unit", "Owner: integration"))

    problems = problems_of(root)

    assert any("fault-matrix.json is stale for demo-total" in p for p in problems)
