"""One run of the matrix: the copy, the servers, the baseline, then each fault through its layers.

The copy lives in .nox/_faults/tree (nox's own folder of environments, ignored by git): its
files are the working tree's again at each run, while its nox environments are kept, so that
only the first run pays for making them. Postgres and RabbitMQ come from TEST_POSTGRES_URL and
TEST_RABBITMQ_URL, or else from the test kit, once for the whole run (`evidence.fault_servers`).

Every layer the run uses first runs on the clean tree (the baseline); a layer that is not green
there stops the run, naming it: a catch by a layer that fails anyway would prove nothing.
"""

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evidence.fault_e2e import E2ELayer
from evidence.fault_judge import Rerun, confirmation
from evidence.fault_junit import Case, read
from evidence.fault_layers import NoxLayer
from evidence.fault_matrix import COLUMNS, MISSED, FaultResult, TestRef
from evidence.fault_outcomes import execute
from evidence.fault_patches import Fault
from evidence.fault_reach import members, plan, unreachable
from evidence.fault_sandbox import Sandbox
from evidence.fault_servers import servers
from evidence.fault_stacks import BATCH, Stacks

# Environments of whoever started us: the copy's sessions make their own.
NOT_PASSED_ON = ("VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT", "NOX_CURRENT_SESSION")
# What the unit-shaped sessions (unit, mocked) give pytest: no network (noxfile.without_network).
NO_NETWORK = "--disable-socket --allow-unix-socket"
ALONE = 300  # seconds a test run alone may take


class RedBaseline(SystemExit):
    """A layer fails on the clean tree: no catch of it could be believed."""


@dataclass
class Run:
    root: Path
    nox: list[str]
    timeout: float
    all_layers: bool = False
    layers: tuple[str, ...] = COLUMNS  # with all_layers, the layers this part of a run runs
    stack_lock: Path | None = None  # the machine's lock of compose stacks, if any
    stack_batch: int = BATCH  # stacks per hold of that lock
    baseline: dict[str, Any] = field(default_factory=dict)  # layer -> its sessions and seconds

    def __post_init__(self) -> None:
        self.work = self.root / ".nox" / "_faults"  # not .nox/faults: the session's own env
        self.sandbox = Sandbox(self.root, self.work / "tree")
        self.logs = self.work / "logs"
        self.env = {k: v for k, v in os.environ.items() if k not in NOT_PASSED_ON}
        self.env["PACT_DO_NOT_TRACK"] = "true"

    @property
    def copy(self) -> Path:
        return self.sandbox.copy

    def columns(self, plans: dict[str, dict[str, list[str]]]) -> list[str]:
        """The matrix's columns: every layer some fault ran, in the pyramid's order."""
        used = {layer for fault_plans in plans.values() for layer in fault_plans}
        return [
            layer
            for layer in COLUMNS
            if layer in used or (self.all_layers and layer in self.layers and layer != "mocked")
        ]

    def all(self, faults: list[Fault]) -> tuple[list[FaultResult], list[str]]:
        """Every fault's result, and the columns they ran."""
        self.sandbox.refresh()
        shutil.rmtree(self.logs, ignore_errors=True)
        self.logs.mkdir(parents=True)
        with servers(self.copy, self.env) as urls:
            self.env.update(urls)
            found = members(self.copy)
            folders = {member.name: member.folder for member in found}
            layers = NoxLayer(self.copy, self.nox, self.env, self.logs, folders)
            available = self.sessions()
            chosen = tuple(x for x in COLUMNS if x in self.layers) if self.all_layers else None
            plans = {fault.id: plan(fault, found, available, chosen) for fault in faults}
            if bad := [f"{i}: {layer}" for i, p in plans.items() for layer in unreachable(p)]:
                raise SystemExit(f"no session can run these layers: {', '.join(bad)}")
            stacks = self.stacks([f for f in faults if "e2e" in plans[f.id]])
            try:
                self.prove_green(layers, plans)
                results = []
                for fault in faults:
                    self.stacks_ok(stacks)
                    results.append(self.one(fault, plans[fault.id], layers))
                if stacks:
                    stacks.join()
                    self.stacks_ok(stacks)
            finally:
                if stacks:  # it ends after the stack it is on, which it takes down
                    stacks.stop.set()
                    stacks.join()
            for result in results:
                if stacks and result.fault.id in stacks.runs:
                    result.runs["e2e"] = stacks.runs[result.fault.id]
            return results, self.columns(plans)

    def stacks(self, faults: list[Fault]) -> Stacks | None:
        """The e2e layer's thread, on a copy of its own, started at once (its baseline first)."""
        if not faults:
            return None
        sandbox = Sandbox(self.root, self.work / "stacks")
        sandbox.refresh()
        e2e = E2ELayer(
            sandbox.copy, self.nox, self.env, self.logs, project=f"pyramid-faults-{os.getpid()}"
        )
        e2e.prepare(self.timeout)
        stacks = Stacks(
            sandbox,
            e2e,
            faults,
            timeout=self.timeout * 1.5,
            lock=self.stack_lock,
            batch=self.stack_batch,
        )
        stacks.start()
        return stacks

    def stacks_ok(self, stacks: Stacks | None) -> None:
        """Stop the run if the e2e thread failed or its baseline is red."""
        if stacks is None:
            return
        if stacks.failure is not None:
            raise stacks.failure
        baseline = stacks.baseline
        if baseline is not None and baseline.outcome != MISSED:
            why = baseline.reason if baseline.reason != "red" else baseline.evidence
            raise RedBaseline(f"without any fault, the e2e layer is not green: {why}")
        if baseline is not None:
            self.baseline["e2e"] = {"sessions": ["e2e"], "seconds": baseline.seconds}

    def one(self, fault: Fault, plans: dict, layers: NoxLayer) -> FaultResult:
        """Apply the fault, run each layer but e2e (`Stacks` runs it), put the copy back."""
        self.sandbox.apply(fault)
        runs = {}
        try:
            for layer, sessions in plans.items():
                if layer == "e2e":
                    continue
                label = f"{fault.path.stem}.{layer}"
                contract = layer == "contract"

                def confirm(case: Case, ref: TestRef, layer: str = layer) -> str:
                    return self.confirm(fault, layer, case, ref, layers)

                runs[layer] = layers.run(
                    label,
                    sessions,
                    timeout=self.timeout,
                    confirm=confirm,
                    # The pipeline takes no pytest options; --update: the providers verify what
                    # the consumers just wrote (in the copy, put back after).
                    options=("--update",) if contract else ("-x",),
                    deselects=not contract,
                )
                run = runs[layer]
                why = run.reason or run.evidence
                print(f"{fault.id}: {layer} {run.outcome} in {run.seconds:.1f} s", why, flush=True)
        finally:
            self.sandbox.revert()
        return FaultResult(fault, runs)

    def confirm(self, fault: Fault, layer: str, case: Case, ref: TestRef, layers: NoxLayer) -> str:
        """The failing test again, alone: it must fail with the fault and pass without it."""
        pacts = self.logs / "pacts"
        if ref.provider:  # it verified what the consumers wrote with the fault
            shutil.rmtree(pacts, ignore_errors=True)
            shutil.copytree(self.copy / ".reports" / "pacts", pacts, ignore=ignore_members)
        with_fault = self.alone(layer, case, ref, pacts if ref.provider else None)
        self.sandbox.revert()
        try:
            # Without the fault, the consumers write exactly the committed pacts (the baseline).
            without = self.alone(
                layer, case, ref, self.copy / "contracts" if ref.provider else None
            )
        finally:
            self.sandbox.apply(fault)
        verdict = confirmation(with_fault, without, layers.doubles(case), ALONE)
        print(f"  alone: {with_fault.status} with, {without.status} without -> {verdict or 'ok'}")
        return verdict

    def alone(self, layer: str, case: Case, ref: TestRef, pacts: Path | None) -> Rerun:
        """Run one test alone in its session's environment: its exit status and its case."""
        return alone(self.copy, self.env, self.logs, layer, ref, pacts, case.name)

    def prove_green(self, layers: NoxLayer, plans: dict) -> None:
        """Without any fault, every session the faults need passes (else a catch proves nothing)."""
        needed: dict[str, set[str]] = {layer: set() for layer in COLUMNS}
        for fault_plans in plans.values():
            for layer, sessions in fault_plans.items():
                needed[layer].update(sessions)
        for layer, sessions in needed.items():
            if not sessions or layer == "e2e":  # e2e's baseline: `Stacks`, in its own copy
                continue
            run = layers.run(
                f"baseline.{layer}",
                sorted(sessions),
                timeout=self.timeout * 3,
                confirm=None,
                options=() if layer == "contract" else ("-x",),
                deselects=False,
            )
            outcome = "green" if run.outcome == MISSED else run.outcome
            print(f"baseline: {layer} {outcome} in {run.seconds:.1f} s", flush=True)
            if run.outcome != MISSED:
                why = run.reason if run.reason != "red" else f"{run.evidence}: {run.message}"
                raise RedBaseline(f"without any fault, the {layer} layer is not green: {why}")
            self.baseline[layer] = {"sessions": sorted(sessions), "seconds": run.seconds}

    def sessions(self) -> set[str]:
        """Every session the copy's noxfile has (`--list --json` shows only the default ones)."""
        listed = subprocess.run(  # noqa: S603
            [*self.nox, "--list", "--nocolor"],
            cwd=self.copy,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        return set(re.findall(r"^[*-] (\S+) ->", listed.stdout, re.MULTILINE))


def ignore_members(folder: str, names: list[str]) -> list[str]:
    """The pipeline's per-member working folders, not pacts of their own."""
    return ["by-member"] if "by-member" in names else []


def alone(
    copy: Path,
    env: dict[str, str],
    logs: Path,
    layer: str,
    ref: TestRef,
    pacts: Path | None,
    name: str,
) -> Rerun:
    """One test run alone in its session's environment (in `copy`): exit status and its case.

    A consumer's pacts go to a folder of their own, never contracts/; a provider verifies
    `pacts` (or contracts/ when None).
    """
    junit = logs / "alone.xml"
    junit.unlink(missing_ok=True)
    scratch = logs / "alone-pacts"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    pytest = copy / ".nox" / ref.env / "bin" / "pytest"
    command = [str(pytest), ref.nodeid, "-p", "no:cacheprovider", f"--junitxml={junit}"]
    extra = {"PACT_DIR": str(pacts or scratch)} if layer == "contract" else {}
    if layer in ("unit", "mocked"):
        extra["PYTEST_ADDOPTS"] = NO_NETWORK
    status, _, _ = execute(
        command,
        cwd=copy / ref.folder,
        env={**env, **extra},
        log=logs / "alone.log",
        timeout=ALONE,
    )
    case = next((c for c in read(junit) if c.name == name), None)
    return Rerun(status, case)
