"""The throw-away copy a fault is applied in: never the working tree.

The copy holds the working tree's files as they are, uncommitted changes included (what
`git ls-files --cached --others --exclude-standard` lists, plus the machine's .env), and is a
git repository of its own whose single commit is that state: applying a patch, seeing what it
changed and putting everything back are then git commands in the copy, which no one else
uses. Ignored folders survive a refresh, so the copy's own nox environments (.nox/ inside it;
they are bound to its path) are made once and reused by every fault and every later run.
"""

import shutil
import subprocess
from pathlib import Path

from evidence.fault_patches import Fault

# Identity for the copy's one commit; nothing is ever pushed from it.
GIT = ("git", "-c", "user.name=faults", "-c", "user.email=faults@localhost", "-c", "gc.auto=0")
KEPT = {".nox"}  # made by earlier runs in the copy, bound to its path: worth keeping


class DoesNotApply(Exception):
    """The patch no longer applies to the code: it has rotted, and needs making again."""


class Sandbox:
    def __init__(self, root: Path, copy: Path) -> None:
        self.root = root
        self.copy = copy

    def refresh(self) -> None:
        """Make the copy the working tree's current state, keeping its environments."""
        self.copy.mkdir(parents=True, exist_ok=True)
        for entry in self.copy.iterdir():
            if entry.name not in KEPT:
                shutil.rmtree(
                    entry
                ) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
        listed = self._git(
            self.root, "ls-files", "-z", "--cached", "--others", "--exclude-standard"
        )
        for name in [*filter(None, listed.split("\0")), ".env"]:
            source = self.root / name
            if source.is_file():  # a file deleted but not yet committed is listed too
                (self.copy / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, self.copy / name)
        self._git(self.copy, "init", "--quiet")
        self._git(self.copy, "add", "--all")
        self._git(self.copy, "commit", "--quiet", "--no-verify", "--message", "the working tree")

    def apply(self, fault: Fault) -> list[str]:
        """Apply the fault's patch; the files that now differ from the working tree's."""
        try:
            self._git(self.copy, "apply", "--whitespace=nowarn", str(fault.path.resolve()))
        except subprocess.CalledProcessError as error:
            raise DoesNotApply(f"{fault.path.name}: {error.stderr.strip()}") from error
        return self.changed()

    def changed(self) -> list[str]:
        """The files that differ from the copy's commit, new ones included."""
        self._git(self.copy, "add", "--all", "--intent-to-add")
        return sorted(filter(None, self._git(self.copy, "diff", "--name-only").splitlines()))

    def revert(self) -> None:
        """Back to the working tree's state: tracked files restored, new ones removed.

        Ignored files (environments, caches, reports) stay: they are no part of a fault.
        """
        self._git(self.copy, "reset", "--quiet", "--hard")
        self._git(self.copy, "clean", "--quiet", "--force", "-d")

    @staticmethod
    def _git(where: Path, *args: str) -> str:
        done = subprocess.run(  # noqa: S603 (git, with arguments of our own)
            [*GIT, "-C", str(where), *args], capture_output=True, text=True, check=True
        )
        return done.stdout
