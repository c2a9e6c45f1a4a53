"""The check CI runs beside the layers: every fault patch still applies to the code.

`nox -s faults -- --check` takes seconds, no test runs: each patch of infra/faults/ is applied in
a throw-away copy. A change breaks it by touching a file a patch changes, a patch itself, or the
tools that apply them. The full fault matrix (many minutes) runs on demand, never from here.
"""

from evidence.affected.model import Need

# Sessions a change can reach only as a check: what runs, with these arguments.
CHECKS = {"faults": ("--check",)}


def check_needs(path: str, fault_targets: frozenset[str]) -> list[Need]:
    """The faults check, when `path` can make a patch rot; nothing otherwise."""
    if path in fault_targets:
        return [("faults", "a fault patch changes this file: each patch must still apply")]
    if path.startswith("infra/faults/") and path.endswith(".patch"):
        return [("faults", "a fault patch: it must apply and change what it names")]
    if path.startswith("infra/evidence/src/evidence/fault"):
        return [("faults", "the tools that apply the fault patches")]
    if path == "noxfile.py":
        return [("faults", "it declares the faults session")]
    return []
