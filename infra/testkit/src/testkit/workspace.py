"""The workspace's members and the tests each one holds, read from the files alone.

Standard library only: nox imports this from the kit's source folder before any environment
exists, and the contract pipeline uses it too. Sessions and contract runs follow the test
folders that exist, so a new member or a new consumer needs no list kept in step.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

PROVIDER_TEST = "tests/contract/test_provider.py"
CONSUMER_TESTS = "tests/contract/test_*_consumer.py"


@dataclass(frozen=True)
class Member:
    """A workspace member: its project name and its folder."""

    name: str
    folder: Path

    @property
    def consumer_tests(self) -> list[Path]:
        """Its consumer pact tests: writing one makes the member a consumer."""
        return sorted(self.folder.glob(CONSUMER_TESTS))

    @property
    def provider_test(self) -> Path | None:
        """Its provider verification, if it provides anything to a consumer."""
        test = self.folder / PROVIDER_TEST
        return test if test.is_file() else None


def workspace_root(start: Path) -> Path:
    """The uv workspace `start` is in: the nearest folder, `start` included, holding uv.lock."""
    for folder in (start, *start.parents):
        if (folder / "uv.lock").is_file():
            return folder
    raise FileNotFoundError(f"no uv workspace (uv.lock) at or above {start}")


def members(root: Path) -> list[Member]:
    """The members `[tool.uv.workspace]` names (globs expanded, `exclude` honoured), in order."""
    workspace = _toml(root / "pyproject.toml")["tool"]["uv"]["workspace"]
    excluded = {folder for pattern in workspace.get("exclude", []) for folder in root.glob(pattern)}
    found = []
    for pattern in workspace["members"]:
        for folder in sorted(root.glob(pattern)):
            if folder not in excluded and (folder / "pyproject.toml").is_file():
                found.append(Member(_toml(folder / "pyproject.toml")["project"]["name"], folder))
    return found


def members_with(root: Path, tests: str) -> dict[str, Path]:
    """Name -> folder of the members that have the folder `tests`, e.g. ``"tests/unit"``."""
    return {m.name: m.folder for m in members(root) if (m.folder / tests).is_dir()}


def _toml(path: Path) -> dict:
    return tomllib.loads(path.read_text())
