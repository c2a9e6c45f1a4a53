"""`--check`, for CI: every fault still applies, and still breaks the test that owns it.

Applying is not enough: a patch rebased into a no-op (a docstring edit, say) applies cleanly and
breaks nothing. So for each fault owned by the unit, integration or contract layer, the test
that caught it in the last full run (recorded in docs/fault-matrix.json) runs again alone: with
the patch it must fail in its own body, judged as the full run judges (`evidence.fault_judge`),
and without it, it must pass. The clean runs are batched, one pytest process per environment
for all of its owning tests, so that each process start is paid once; with a patch, one process
per fault. The copy is .nox/_faults/check, whose environments are made once and kept.

Also checked, without running anything: each patch's header (a known class, the owner in its
reach, tests untouched but a provider's own), every class of bug has a fault, and the results
file shows every fault as it is (id, class, owner).
"""

import json
import os
from collections.abc import Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from evidence.fault_judge import Doubles, disqualified, status_problem
from evidence.fault_junit import read
from evidence.fault_matrix import TestRef
from evidence.fault_outcomes import execute
from evidence.fault_patches import CLASSES, Fault, problems, uncovered
from evidence.fault_reach import SESSIONS, Member, affected
from evidence.fault_sandbox import DoesNotApply, Sandbox
from evidence.fault_servers import servers

CHECKED = ("unit", "integration", "contract")  # the owners whose tests run in CI
TIMEOUT = 300  # seconds one pytest process may take
NO_NETWORK = "--disable-socket --allow-unix-socket"  # the unit sessions' (noxfile)


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


def results_problems(data: dict[str, Any] | None, faults: list[Fault]) -> list[str]:
    """The results must show every fault as it is (id, class, owner): else they are not its."""
    if data is None:
        return ["docs/fault-matrix.json is missing: run `nox -s faults -- --all-layers`"]
    shown = {(item["id"], item["class"], item["owner"]) for item in data["faults"]}
    now = {(fault.id, fault.kind, fault.owner) for fault in faults}
    if changed := sorted({entry[0] for entry in shown ^ now}):
        return [
            f"docs/fault-matrix.json is stale for {', '.join(changed)}: run "
            "`nox -s faults -- --all-layers`"
        ]
    return []


def owning_tests(data: dict[str, Any] | None, faults: list[Fault]) -> tuple[dict, list[str]]:
    """Fault id -> the test that caught it for its owner; and the faults that have none."""
    if data is None:
        return {}, []
    recorded = {item["id"]: item for item in data["faults"]}
    tests, missing = {}, []
    for fault in faults:
        if fault.owner not in CHECKED or fault.id not in recorded:
            continue
        run = recorded[fault.id]["layers"].get(fault.owner, {})
        if run.get("test"):
            tests[fault.id] = TestRef(**run["test"])
        else:
            missing.append(f"{fault.id}: no owning test recorded ({run.get('outcome', 'not run')})")
    return tests, missing


class Checker:
    """Runs owning tests in the check's copy, in the copy's own environments."""

    def __init__(self, root: Path, env: dict[str, str]) -> None:
        self.root, self.env = root, env
        self.sandbox = Sandbox(root, root / ".nox" / "_faults" / "check")
        self.logs = root / ".nox" / "_faults" / "check-logs"

    @property
    def copy(self) -> Path:
        return self.sandbox.copy

    def environments(self, tests: Sequence[TestRef]) -> list[str]:
        """Make (or bring up to date) each environment the tests run in; the problems."""
        found = []
        for env in sorted({test.env for test in tests}):
            layer, _, member = env.partition("-")
            command = ["uv", "sync", "--locked", "--no-default-groups", "--package", member]
            command += ["--group", "contract" if layer == "contracts" else "test"]
            status, _, _ = execute(
                command,
                cwd=self.copy,
                env={**self.env, "UV_PROJECT_ENVIRONMENT": str(self.copy / ".nox" / env)},
                log=self.logs / "sync.log",
                timeout=TIMEOUT,
            )
            if status != 0:
                found.append(f"could not make the environment {env} (see {self.logs}/sync.log)")
        return found

    def pytest(self, env: str, folder: str, nodeids: Sequence[str], label: str, **extra: str):
        """One pytest process on `nodeids`: its exit status and its JUnit cases."""
        junit = self.logs / f"{label}.xml"
        junit.unlink(missing_ok=True)
        command = [str(self.copy / ".nox" / env / "bin" / "pytest"), *nodeids]
        command += ["-p", "no:cacheprovider", f"--junitxml={junit}"]
        if env.startswith("unit-"):
            extra["PYTEST_ADDOPTS"] = NO_NETWORK
        status, _, _ = execute(
            command,
            cwd=self.copy / folder,
            env={**self.env, **extra},
            log=self.logs / f"{label}.log",
            timeout=TIMEOUT,
        )
        return status, read(junit)

    def pacts(self, fault: Fault, test: TestRef, found: list[Member], label: str) -> dict:
        """PACT_DIR for a contract test: the pacts the fault's consumers write, for a provider."""
        scratch = self.logs / f"{label}.pacts"
        if scratch.exists():
            for old in scratch.glob("*.json"):
                old.unlink()
        scratch.mkdir(parents=True, exist_ok=True)
        if not test.provider:
            return {"PACT_DIR": str(scratch)}
        for pact in (self.copy / "contracts").glob("*.json"):
            (scratch / pact.name).write_bytes(pact.read_bytes())
        for member in found:  # a consumer the fault touches writes its pacts again
            consumers = sorted(
                (self.copy / member.folder / "tests" / "contract").glob("*_consumer.py")
            )
            if member.name in affected(fault.files, found) and consumers:
                nodeids = [str(path.relative_to(self.copy / member.folder)) for path in consumers]
                env = f"contracts-{member.name}"
                self.pytest(
                    env, member.folder, nodeids, f"{label}.consumers", PACT_DIR=str(scratch)
                )
        return {"PACT_DIR": str(scratch)}

    def clean(self, tests: dict[str, TestRef]) -> list[str]:
        """Without any fault, every owning test passes: one process per environment and role.

        A provider verifies the committed pacts; a consumer writes its pacts to a scratch
        folder, never to the copy's contracts/ (whose change would be taken for a fault's).
        """
        problems = []
        by_env: dict[tuple[str, str, bool], list[str]] = {}
        for test in tests.values():
            by_env.setdefault((test.env, test.folder, test.provider), []).append(test.nodeid)
        scratch = self.logs / "clean.pacts"
        scratch.mkdir(parents=True, exist_ok=True)
        for (env, folder, provider), nodeids in sorted(by_env.items()):
            pacts = self.copy / "contracts" if provider else scratch
            extra = {"PACT_DIR": str(pacts)} if env.startswith("contracts-") else {}
            label = f"clean.{env}{'.provider' if provider else ''}"
            status, _ = self.pytest(env, folder, sorted(set(nodeids)), label, **extra)
            if status != 0:
                why = status_problem(status, TIMEOUT) or "some failed"
                problems.append(f"without any fault, the owning tests in {env} do not pass: {why}")
        self.sandbox.revert()  # whatever the runs left in the copy is no part of a fault
        return problems

    def bites(self, fault: Fault, test: TestRef, found: list[Member]) -> str:
        """Why the fault's owning test does not fail with it, in its own body; "" when it does."""
        label = f"{fault.path.stem}"
        extra = self.pacts(fault, test, found, label)
        status, cases = self.pytest(test.env, test.folder, [test.nodeid], label, **extra)
        case = next((c for c in cases if c.phase), None)
        if status != 1 or case is None:
            why = status_problem(status, TIMEOUT) or "it passed"
            return f"{fault.id}: its owning test {test.nodeid} ({test.env}) does not fail: {why}"
        if reason := disqualified(case, Doubles(self.copy / test.folder)):
            return f"{fault.id}: its owning test {test.nodeid} does not count: {reason}"
        return ""


def check(
    root: Path, faults: list[Fault], found: list[Member], results: Path, *, sync: bool = True
) -> list[str]:
    """Every problem with the faults and their owning tests; printed as it goes.

    `sync` False leaves the copy's environments as they are (a test's own).
    """
    data = json.loads(results.read_text()) if results.exists() else None
    found_problems = [
        f"no fault for the class {kind!r} ({CLASSES[kind]})" for kind in uncovered(faults)
    ]
    found_problems += results_problems(data, faults)
    tests, missing = owning_tests(data, faults)
    found_problems += missing
    available = folder_sessions(root, found)
    env = {**os.environ, "PACT_DO_NOT_TRACK": "true"}
    checker = Checker(root, env)
    checker.sandbox.refresh()
    checker.logs.mkdir(parents=True, exist_ok=True)
    needs_servers = any(not test.env.startswith("unit-") for test in tests.values())
    with servers(checker.copy, env) if needs_servers else nullcontext({}) as urls:
        env.update(urls)
        if sync:
            found_problems += checker.environments(list(tests.values()))
        found_problems += checker.clean(tests)
        for fault in faults:
            found_problems += one(checker, fault, tests, found, available)
    return found_problems


def one(
    checker: Checker,
    fault: Fault,
    tests: dict[str, TestRef],
    found: list[Member],
    available: set[str],
) -> list[str]:
    """A fault's problems: its header, whether it applies, and whether its owning test bites."""
    mine = problems(fault) + reach_problems(fault, found, available)
    try:
        changed = checker.sandbox.apply(fault)
    except DoesNotApply as rotted:
        mine.append(f"does not apply: {rotted}")
    else:
        if changed != list(fault.files):
            mine.append(f"{fault.path.name}: changes {changed}, names {list(fault.files)}")
        elif fault.id in tests and (why := checker.bites(fault, tests[fault.id], found)):
            mine.append(why)
    finally:
        checker.sandbox.revert()
    owning = f"; {tests[fault.id].nodeid}" if fault.id in tests else ""
    print(f"{'FAIL' if mine else 'ok  '} {fault.id}: {fault.kind}, owner {fault.owner}{owning}")
    return mine
