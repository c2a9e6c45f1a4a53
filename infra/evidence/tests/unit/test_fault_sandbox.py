"""The throw-away copy: the working tree as it is, a patch applied there and taken back."""

import subprocess
from pathlib import Path

import pytest
from evidence.fault_patches import parse
from evidence.fault_sandbox import DoesNotApply, Sandbox

GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@localhost"]
PATCH = """Description: The total forgets quantities.
Class: domain-rule
Owner: unit
Reach: unit

diff --git a/domain.py b/domain.py
--- a/domain.py
+++ b/domain.py
@@ -1 +1 @@
-TOTAL = "quantity * price"
+TOTAL = "price"
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A repository with a commit, an uncommitted change, a new file and an ignored one."""
    root = tmp_path / "repo"
    root.mkdir()
    (root / ".gitignore").write_text(".nox/\n.env\n")
    (root / "domain.py").write_text('TOTAL = "sum"\n')
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "first"]):
        subprocess.run([*GIT, *command], cwd=root, check=True)  # noqa: S603 (git, our arguments)
    (root / "domain.py").write_text('TOTAL = "quantity * price"\n')  # not committed
    (root / "new.py").write_text("NEW = 1\n")  # not even added
    (root / ".env").write_text("IMAGE=local\n")  # ignored, yet the machine's
    (root / ".nox").mkdir()
    (root / ".nox" / "env").write_text("the working tree's environment")
    return root


def fault(tmp_path: Path, text: str = PATCH):
    path = tmp_path / "01-total.patch"
    path.write_text(text)
    return parse(path, text)


def test_the_copy_holds_the_working_trees_files_as_they_are_and_not_its_environments(
    root, tmp_path
):
    sandbox = Sandbox(root, tmp_path / "copy")

    sandbox.refresh()

    copy = tmp_path / "copy"
    assert (copy / "domain.py").read_text() == 'TOTAL = "quantity * price"\n'
    assert (copy / "new.py").exists()
    assert (copy / ".env").read_text() == "IMAGE=local\n"
    assert not (copy / ".nox").exists()
    assert sandbox.changed() == []


def test_a_patch_changes_the_copy_alone_and_is_taken_back(root, tmp_path):
    sandbox = Sandbox(root, tmp_path / "copy")
    sandbox.refresh()

    assert sandbox.apply(fault(tmp_path)) == ["domain.py"]
    assert (tmp_path / "copy" / "domain.py").read_text() == 'TOTAL = "price"\n'
    assert (root / "domain.py").read_text() == 'TOTAL = "quantity * price"\n'

    sandbox.revert()
    assert sandbox.changed() == []
    assert (tmp_path / "copy" / "domain.py").read_text() == 'TOTAL = "quantity * price"\n'


def test_a_refresh_keeps_the_copys_own_environments_and_takes_up_later_changes(root, tmp_path):
    sandbox = Sandbox(root, tmp_path / "copy")
    sandbox.refresh()
    (tmp_path / "copy" / ".nox").mkdir()
    (tmp_path / "copy" / ".nox" / "unit-orders").write_text("made once, bound to this path")
    (root / "new.py").write_text("NEW = 2\n")

    sandbox.refresh()

    assert (tmp_path / "copy" / ".nox" / "unit-orders").exists()
    assert (tmp_path / "copy" / "new.py").read_text() == "NEW = 2\n"


def test_a_patch_the_code_has_moved_away_from_does_not_apply(root, tmp_path):
    sandbox = Sandbox(root, tmp_path / "copy")
    sandbox.refresh()
    rotted = PATCH.replace('-TOTAL = "quantity * price"', '-TOTAL = "something else"')

    with pytest.raises(DoesNotApply, match=r"01-total\.patch"):
        sandbox.apply(fault(tmp_path, rotted))
    sandbox.revert()
    assert sandbox.changed() == []
