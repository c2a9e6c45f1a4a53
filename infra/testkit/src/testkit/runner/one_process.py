"""Every member's suite of one layer in a pytest process per core, its reports split per member.

A unit suite is mostly a Python process starting and importing FastAPI, SQLAlchemy and Pact:
eight processes paid that eight times. A process per core pays it once per core (one in all
left a core idle: docs/benchmarks.md, "Faster pyramid"); "no service imports another" is then
kept by import contracts (`testkit.runner.import_contracts`, `nox -s lint`), no longer by separate
environments. A member's own session (`unit(orders)`) still runs its suite alone, in an
environment of its own.

pytest runs from the repository's root with `--import-mode=importlib`, so two members' modules of
the same name (`test_events.py`) and their `tests/conftest.py` files do not clash; each conftest's
fixtures still reach only its own member's tests. What the members' own pytest settings say
(`addopts`, `filterwarnings`) is passed on, and each test folder is put on `sys.path` as pytest's
default import mode does, for its helper modules (`fakes.py`), which must therefore have names no
other member uses.

Standard library only: nox's own process runs this.
"""

import json
import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path


class HelperClash(Exception):
    """Two members' test folders hold a helper module of the same name."""


def pytest_options(root: Path, layer: str, members: Mapping[str, Path]) -> tuple[str, ...]:
    """pytest's options, from `root`, for every member's `tests/<layer>` in one process."""
    folders = [folder / "tests" / layer for folder in members.values()]
    addopts: list[str] = []
    warnings: list[str] = []
    for folder in members.values():
        settings = _pytest_settings(folder / "pyproject.toml")
        addopts += [option for option in settings.get("addopts", []) if option not in addopts]
        warnings += [rule for rule in settings.get("filterwarnings", []) if rule not in warnings]
    paths = " ".join(str(folder) for folder in helper_folders(folders))
    options = [f"--rootdir={root}", "--import-mode=importlib", *addopts]
    # One override each: pytest splits a list option's override by lines, paths by spaces.
    options += ["-o", "filterwarnings=" + "\n".join(warnings)] if warnings else []
    options += ["-o", f"pythonpath={paths}"] if paths else []
    return (*options, *(str(folder.relative_to(root)) for folder in folders))


def shares(layer: str, members: Mapping[str, Path], count: int) -> list[dict[str, Path]]:
    """The members shared out among `count` processes (one per core), by their `tests/<layer>`
    modules.

    The biggest suites first, each to the process with the fewest modules so far; a process
    gets none rather than an empty share. Helper modules must be unique across all members
    (not only within a share), so that a process's share never decides whether a run works.
    """
    helper_folders([folder / "tests" / layer for folder in members.values()])
    size = {
        name: len(list((folder / "tests" / layer).glob("test_*.py")))
        for name, folder in members.items()
    }
    loads: list[tuple[int, dict[str, Path]]] = [(0, {}) for _ in range(max(count, 1))]
    for name in sorted(members, key=lambda name: -size[name]):
        least = min(range(len(loads)), key=lambda index: loads[index][0])
        total, share = loads[least]
        loads[least] = (total + size[name], {**share, name: members[name]})
    return [share for _, share in loads if share]


def helper_folders(folders: list[Path]) -> list[Path]:
    """The test folders holding helper modules (not tests, not conftest); names must not clash."""
    owners: dict[str, Path] = {}
    holding = []
    for folder in folders:
        helpers = [
            path.stem
            for path in sorted(folder.glob("*.py"))
            if not path.stem.startswith("test_") and path.stem not in ("conftest", "__init__")
        ]
        for helper in helpers:
            if helper in owners:
                raise HelperClash(
                    f"{folder / helper}.py and {owners[helper] / helper}.py: one pytest process "
                    "imports one module of a name; rename one of them"
                )
            owners[helper] = folder
        holding += [folder] if helpers else []
    return holding


def _pytest_settings(pyproject: Path) -> dict:
    if not pyproject.is_file():
        return {}
    tool = tomllib.loads(pyproject.read_text()).get("tool", {})
    return tool.get("pytest", {}).get("ini_options", {})


def split_reports(
    root: Path, members: Mapping[str, Path], junit: Path, log: Path, into: Mapping[str, Path]
) -> None:
    """The one run's JUnit XML and report log, split into each member's own pair of files.

    `into` maps member -> the path its JUnit would have (its report log beside it, as
    `testkit.nox_support.test_reports` names them). Test names are made what the member's own
    run gives (`tests.unit.test_domain`, `tests/unit/test_domain.py::...`), so the pyramid report
    reads them alike. The session's own time (start-up, collection) is shared out among the
    members by their number of tests, so that the members' times still add up to the run's.
    """
    prefixes = {member: folder.relative_to(root) for member, folder in members.items()}
    _split_junit(junit, prefixes, into)
    _split_log(log, prefixes, {m: reportlog_of(path) for m, path in into.items()})


def reportlog_of(junit: Path) -> Path:
    """Where the report log of the run whose JUnit is `junit` goes (nox_support.test_reports)."""
    return junit.parent.parent / "durations" / f"{junit.stem}.jsonl"


def _split_junit(junit: Path, prefixes: Mapping[str, Path], into: Mapping[str, Path]) -> None:
    suite = ET.parse(junit).getroot().find("testsuite")  # noqa: S314 (our own pytest's output)
    if suite is None:
        return
    cases: dict[str, list[ET.Element]] = {member: [] for member in prefixes}
    for case in suite.iter("testcase"):
        for member, prefix in prefixes.items():
            dotted = ".".join(prefix.parts) + "."
            if case.get("classname", "").startswith(dotted):
                case.set("classname", case.get("classname", "").removeprefix(dotted))
                cases[member].append(case)
                break
    total = sum(map(len, cases.values())) or 1
    shared = float(suite.get("time", 0)) - sum(
        float(case.get("time", 0)) for mine in cases.values() for case in mine
    )
    for member, mine in cases.items():
        own = ET.Element("testsuite", dict(suite.attrib))
        own.extend(mine)
        counted = {
            count: sum(case.find(tag) is not None for case in mine)
            for count, tag in _OUTCOMES.items()
        }
        seconds = sum(float(case.get("time", 0)) for case in mine) + shared * len(mine) / total
        own.attrib.update({key: str(value) for key, value in counted.items()})
        own.attrib.update(tests=str(len(mine)), time=f"{seconds:.3f}")
        document = ET.Element("testsuites", {"name": "pytest tests"})
        document.append(own)
        into[member].parent.mkdir(parents=True, exist_ok=True)
        ET.ElementTree(document).write(into[member], encoding="utf-8", xml_declaration=True)


# A <testsuite>'s count -> the element a <testcase> holds when it counts there.
_OUTCOMES = {"errors": "error", "failures": "failure", "skipped": "skipped"}


def _split_log(log: Path, prefixes: Mapping[str, Path], into: Mapping[str, Path]) -> None:
    if not log.is_file():
        return
    lines: dict[str, list[str]] = {member: [] for member in prefixes}
    for line in filter(str.strip, log.read_text().splitlines()):
        entry = json.loads(line)
        node = entry.get("nodeid")
        if not node:  # the session's start and finish, the root's collection: every member's
            for mine in lines.values():
                mine.append(line)
            continue
        for member, prefix in prefixes.items():
            if node.startswith(f"{prefix.as_posix()}/"):
                entry["nodeid"] = node.removeprefix(f"{prefix.as_posix()}/")
                lines[member].append(json.dumps(entry))
                break
    for member, mine in lines.items():
        into[member].parent.mkdir(parents=True, exist_ok=True)
        into[member].write_text("\n".join(mine) + "\n")
