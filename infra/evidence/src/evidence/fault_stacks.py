"""The e2e layer of a run, beside the others: a copy of its own, and the machine's stack lock.

A compose stack per fault is most of a run's e2e time, and on a shared machine each stack waits
for the machine-wide stack lock (`--stack-lock`). So the e2e layer runs in a thread of its own,
on a second throw-away copy: while it waits for the lock or a stack comes up, the other layers
go on with the next faults in the first copy. Each fault is still applied alone in each copy.

The lock is held for a few stacks at a time (`BATCH`, or `--stack-batch`), and let go between:
others on the machine wait minutes, not the whole run, and this run does not queue again for
every stack. On a machine where the lock is much in demand, a larger batch queues fewer times.
The baseline (the journeys on the clean tree's stack) comes first, under the first hold.
"""

import fcntl
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path

from evidence.fault_e2e import E2ELayer
from evidence.fault_matrix import MISSED, LayerRun
from evidence.fault_patches import Fault
from evidence.fault_sandbox import Sandbox

BATCH = 4  # stacks per hold of the lock, by default


@contextmanager
def stack_lock(path: Path) -> Iterator[None]:
    """The machine-wide lock of compose stacks, held for the block."""
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class Stacks(threading.Thread):
    """Runs the baseline, then each fault's e2e layer, in its own copy; results by fault id."""

    def __init__(
        self,
        sandbox: Sandbox,
        e2e: E2ELayer,
        faults: Sequence[Fault],
        *,
        timeout: float,
        lock: Path | None,
        batch: int = BATCH,
    ) -> None:
        super().__init__(name="e2e stacks", daemon=True)
        self.sandbox, self.e2e, self.faults = sandbox, e2e, list(faults)
        self.timeout, self.lock, self.batch = timeout, lock, batch
        self.baseline: LayerRun | None = None
        self.runs: dict[str, LayerRun] = {}
        self.failure: BaseException | None = None
        self.stop = threading.Event()  # set by the caller when the run ends early

    def held(self) -> AbstractContextManager[None]:
        return stack_lock(self.lock) if self.lock else nullcontext()

    def run(self) -> None:
        try:
            size = self.batch
            batches = [self.faults[i : i + size] for i in range(0, len(self.faults), size)]
            for index, batch in enumerate(batches or [[]]):
                with self.held():
                    if self.stop.is_set():
                        return
                    if index == 0:
                        self.baseline = self.e2e.run(
                            "baseline.e2e", timeout=self.timeout, baseline=True
                        )
                        outcome = "green" if self.baseline.outcome == MISSED else "red"
                        print(f"baseline: e2e {outcome} in {self.baseline.seconds:.1f} s")
                        if self.baseline.outcome != MISSED:
                            return
                    for fault in batch:
                        if self.stop.is_set():
                            return
                        self.runs[fault.id] = self.one(fault)
        except BaseException as error:  # handed to the main thread, which raises it
            self.failure = error

    def one(self, fault: Fault) -> LayerRun:
        self.sandbox.apply(fault)
        try:
            run = self.e2e.run(f"{fault.path.stem}.e2e", timeout=self.timeout)
        finally:
            self.sandbox.revert()
        print(f"{fault.id}: e2e {run.outcome} in {run.seconds:.1f} s", run.reason or run.evidence)
        return run
