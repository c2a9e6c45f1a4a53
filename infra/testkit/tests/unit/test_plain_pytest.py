"""`pytest tests` from any member's folder collects: no two of its test modules share a name.

pytest's default import mode (prepend) imports a test module by its file name, with its folder on
sys.path, so `tests/unit/test_x.py` and `tests/integration/test_x.py` cannot be collected in one
run ("import file mismatch"). Distinct names keep that default, which the suites rely on to
import the helpers beside them (`from effects import ...`); `--import-mode=importlib` would break
those imports instead.
"""

from collections import defaultdict
from pathlib import Path

from testkit.workspace import members, workspace_root

ROOT = workspace_root(Path(__file__).parent)


def shared_names(tests: Path) -> dict[str, list[str]]:
    """File name -> its paths, for the Python files under `tests` whose name is not unique."""
    found = defaultdict(list)
    for module in sorted(tests.rglob("*.py")):
        if module.name != "conftest.py":  # pytest imports each conftest under a name of its own
            found[module.name].append(str(module.relative_to(tests)))
    return {name: paths for name, paths in found.items() if len(paths) > 1}


def test_no_two_test_modules_of_a_member_share_a_file_name():
    clashes = {
        member.name: shared
        for member in members(ROOT)
        if (member.folder / "tests").is_dir() and (shared := shared_names(member.folder / "tests"))
    }

    assert not clashes, f"rename one of each (pytest tests fails at collection): {clashes}"


def test_a_clash_is_found(tmp_path):
    for layer in ("unit", "integration"):
        (tmp_path / layer).mkdir()
        (tmp_path / layer / "test_downstream.py").touch()
        (tmp_path / layer / "conftest.py").touch()

    assert shared_names(tmp_path) == {
        "test_downstream.py": ["integration/test_downstream.py", "unit/test_downstream.py"]
    }
