"""The e2e thread: its baseline first, each fault alone in its copy, the lock a few stacks long."""

import fcntl
from dataclasses import dataclass, field
from pathlib import Path

from evidence.fault_matrix import BROKEN, CAUGHT, MISSED, LayerRun
from evidence.fault_patches import Fault
from evidence.fault_stacks import BATCH, Stacks


@dataclass
class Copy:
    """A sandbox, played: what is applied now."""

    applied: list[str] = field(default_factory=list)

    def apply(self, fault: Fault) -> list[str]:
        self.applied.append(fault.id)
        return []

    def revert(self) -> None:
        self.applied.append("revert")


@dataclass
class Journeys:
    """The e2e layer, played: green on the clean tree (unless told), each fault caught."""

    lock: Path
    baseline_outcome: str = MISSED
    seen: list[tuple[str, bool]] = field(default_factory=list)

    def run(self, label: str, *, timeout: float, baseline: bool = False) -> LayerRun:
        with self.lock.open("a") as handle:  # held by the thread: another taker must fail
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                held = False
            except BlockingIOError:
                held = True
        self.seen.append((label, held))
        outcome = self.baseline_outcome if baseline else CAUGHT
        return LayerRun(outcome, 1.0, reason="red" if outcome == BROKEN else "")


def faults(count: int) -> list[Fault]:
    return [
        Fault(f"f{i}", Path(f"{i:02}-f{i}.patch"), "d", "compose", "e2e", ("e2e",), ("x",))
        for i in range(count)
    ]


def test_the_baseline_runs_first_then_each_fault_alone_all_under_the_lock(tmp_path):
    lock = tmp_path / "stack.lock"
    journeys, copy = Journeys(lock), Copy()
    stacks = Stacks(copy, journeys, faults(BATCH + 1), timeout=60, lock=lock)  # type: ignore[arg-type]

    stacks.start()
    stacks.join()

    assert stacks.failure is None
    assert stacks.baseline.outcome == MISSED
    assert [label for label, _ in journeys.seen][:2] == ["baseline.e2e", "00-f0.e2e"]
    assert all(held for _, held in journeys.seen)
    assert set(stacks.runs) == {f"f{i}" for i in range(BATCH + 1)}
    assert copy.applied[:4] == ["f0", "revert", "f1", "revert"]


def test_a_red_baseline_runs_no_fault(tmp_path):
    journeys = Journeys(tmp_path / "stack.lock", baseline_outcome=BROKEN)
    stacks = Stacks(Copy(), journeys, faults(2), timeout=60, lock=None)  # type: ignore[arg-type]

    stacks.start()
    stacks.join()

    assert stacks.baseline.outcome == BROKEN
    assert stacks.runs == {}
