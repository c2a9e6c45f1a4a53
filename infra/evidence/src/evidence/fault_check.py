"""`--check`, for CI: every fault still applies to the code as it is, and changes what it says.

Seconds, not minutes: no test runs. Each patch is applied in a throw-away copy of the working
tree and reverted; the files that then differ must be exactly the files the patch names. With
the header checks (owner in reach, a known class, tests untouched but a provider's own), the
coverage of every class of bug and a committed matrix that shows every fault as it is now, a
fault cannot rot unnoticed when the code it breaks moves.
"""

import tempfile
from pathlib import Path

from evidence.fault_patches import CLASSES, Fault, problems, uncovered
from evidence.fault_reach import SESSIONS, Member, affected
from evidence.fault_report import stale
from evidence.fault_sandbox import DoesNotApply, Sandbox


def folder_sessions(root: Path, found: list[Member]) -> set[str]:
    """The sessions the noxfile makes, from the test folders (it finds them the same way)."""
    per_member = {
        SESSIONS[layer].format(member=member.name)
        for member in found
        for layer in ("unit", "integration")
        if (root / member.folder / "tests" / layer).is_dir()
    }
    return per_member | {SESSIONS["contract"], SESSIONS["e2e"]}


def reach_problems(fault: Fault, found: list[Member], available: set[str]) -> list[str]:
    """A unit or integration reach with no suite that can see the fault's files."""
    names = affected(fault.files, found)
    return [
        f"{fault.path.name}: Reach names {layer}, but no {layer} suite sees its files"
        for layer in ("unit", "integration")
        if layer in fault.reach
        and not any(SESSIONS[layer].format(member=name) in available for name in names)
    ]


def matrix_problems(matrix: Path, faults: list[Fault]) -> list[str]:
    """The committed matrix must show every fault as it is: else its verdicts are not theirs."""
    if not matrix.exists():
        return [f"{matrix.name} is missing: run `nox -s faults`"]
    if changed := stale(matrix.read_text(), faults):
        return [f"{matrix.name} is stale for {', '.join(changed)}: run `nox -s faults`"]
    return []


def check(
    root: Path, faults: list[Fault], found: list[Member], results: Path, nox: list[str]
) -> list[str]:
    """Every problem with the faults and their matrix; printed as it goes, a line per fault."""
    found_problems = [
        f"no fault for the class {kind!r} ({CLASSES[kind]})" for kind in uncovered(faults)
    ]
    found_problems += matrix_problems(results.with_suffix(".md"), faults)
    available = folder_sessions(root, found)
    with tempfile.TemporaryDirectory(prefix="faults-check-") as folder:
        sandbox = Sandbox(root, Path(folder))
        sandbox.refresh()
        for fault in faults:
            mine = problems(fault) + reach_problems(fault, found, available)
            try:
                changed = sandbox.apply(fault)
            except DoesNotApply as rotted:
                mine.append(f"does not apply: {rotted}")
            else:
                if changed != list(fault.files):
                    mine.append(f"{fault.path.name}: changes {changed}, names {list(fault.files)}")
            finally:
                sandbox.revert()
            print(f"{'FAIL' if mine else 'ok  '} {fault.id}: {fault.kind}, owner {fault.owner}")
            found_problems += mine
    return found_problems
