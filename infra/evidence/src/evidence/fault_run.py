"""One full run of the matrix: the copy, the servers, then each fault through its layers.

The copy lives in .nox/_faults/tree (nox's own folder of environments, ignored by git): its
files are the working tree's again at each run, while its nox environments are kept, so that
only the first run pays for making them. Postgres and RabbitMQ come from TEST_POSTGRES_URL and
TEST_RABBITMQ_URL, or else from the test kit, once for the whole run (`evidence.fault_servers`).
"""

import os
import re
import subprocess
from functools import partial
from pathlib import Path

from evidence.fault_e2e import E2ELayer
from evidence.fault_layers import NoxLayer
from evidence.fault_matrix import MISSED, FaultResult
from evidence.fault_outcomes import Failure
from evidence.fault_patches import Fault
from evidence.fault_reach import members, plan, unreachable
from evidence.fault_sandbox import Sandbox
from evidence.fault_servers import servers

# Environments of whoever started us: the copy's sessions make their own.
NOT_PASSED_ON = ("VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT", "NOX_CURRENT_SESSION")


class Run:
    def __init__(self, root: Path, nox: list[str], *, timeout: float) -> None:
        self.work = root / ".nox" / "_faults"  # not .nox/faults: the session's own environment
        self.sandbox = Sandbox(root, self.work / "tree")
        self.nox, self.timeout, self.logs = nox, timeout, self.work / "logs"
        self.env = {k: v for k, v in os.environ.items() if k not in NOT_PASSED_ON}
        self.env["PACT_DO_NOT_TRACK"] = "true"

    def all(self, faults: list[Fault], *, baseline: bool) -> list[FaultResult]:
        self.sandbox.refresh()
        for old in self.logs.glob("*"):
            old.unlink()
        copy = self.sandbox.copy
        with servers(self.sandbox.copy, self.env) as urls:
            env = {**self.env, **urls}
            found = members(copy)
            folders = {member.name: member.folder for member in found}
            layers = NoxLayer(copy, self.nox, env, self.logs, folders)
            e2e = E2ELayer(copy, self.nox, env, self.logs, project=f"pyramid-faults-{os.getpid()}")
            available = self.sessions()
            plans = {fault.id: plan(fault, found, available) for fault in faults}
            if bad := [f"{i}: {layer}" for i, p in plans.items() for layer in unreachable(p)]:
                raise SystemExit(f"no session can run these layers: {', '.join(bad)}")
            if any("e2e" in fault.reach for fault in faults):
                e2e.prepare(self.timeout)
            if baseline:
                self.prove_green(layers, e2e, plans)
            return [self.one(fault, plans[fault.id], layers, e2e) for fault in faults]

    def one(self, fault: Fault, plans: dict, layers: NoxLayer, e2e: E2ELayer) -> FaultResult:
        """Apply the fault, run each layer of its reach, put the copy back."""
        self.sandbox.apply(fault)
        runs = {}
        try:
            for layer, sessions in plans.items():
                label = f"{fault.path.stem}.{layer}"
                if layer == "e2e":
                    runs[layer] = e2e.run(label, timeout=self.timeout * 1.5)
                else:
                    # The contract pipeline takes no pytest options, and runs every pact.
                    confirm = None if layer == "contract" else partial(self.confirm, fault, layers)
                    runs[layer] = layers.run(label, sessions, timeout=self.timeout, confirm=confirm)
                run = runs[layer]
                aside = f" (set aside, failing without the fault: {run.flaky})" if run.flaky else ""
                print(
                    f"{fault.id}: {layer} {run.outcome} in {run.seconds:.1f} s",
                    run.evidence + aside,
                )
        finally:
            self.sandbox.revert()
        return FaultResult(fault, runs)

    def confirm(self, fault: Fault, layers: NoxLayer, failure: Failure) -> bool | None:
        """The failing test again, alone: it must fail with the fault, and pass without it."""
        with_fault = layers.alone(failure)
        self.sandbox.revert()
        try:
            without = layers.alone(failure)
        finally:
            self.sandbox.apply(fault)
        if with_fault not in (0, 1) or without not in (0, 1):
            return None  # it could not be run alone: the failure stands as it is
        return with_fault == 1 and without == 0

    def prove_green(self, layers: NoxLayer, e2e: E2ELayer, plans: dict) -> None:
        """Without any fault, every session the faults need passes (else a catch proves nothing)."""
        needed = {layer: set() for layer in ("unit", "integration", "contract", "e2e")}
        for fault_plans in plans.values():
            for layer, sessions in fault_plans.items():
                needed[layer].update(sessions)
        for layer, sessions in needed.items():
            if not sessions:
                continue
            run = (
                e2e.run(f"baseline.{layer}", timeout=self.timeout * 1.5)
                if layer == "e2e"
                else layers.run(
                    f"baseline.{layer}",
                    sorted(sessions),
                    timeout=self.timeout * 3,
                    confirm=None,
                )
            )
            outcome = "green" if run.outcome == MISSED else run.outcome
            print(f"baseline: {layer} {outcome} in {run.seconds:.1f} s", flush=True)
            if run.outcome != MISSED:
                raise SystemExit(f"without any fault, the {layer} layer fails: {run.evidence}")

    def sessions(self) -> set[str]:
        """Every session the copy's noxfile has (`--list --json` shows only the default ones)."""
        listed = subprocess.run(  # noqa: S603
            [*self.nox, "--list", "--nocolor"],
            cwd=self.sandbox.copy,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        return set(re.findall(r"^[*-] (\S+) ->", listed.stdout, re.MULTILINE))
