"""mutmut 3, driven one member and one layer at a time from a folder of its own.

mutmut reads its configuration from the pyproject.toml of the folder it runs in, copies the
sources into `mutants/` there and records each mutant's exit code in `mutants/**/*.meta`. So
each (member, layer) gets `.mutation/<member>/<layer>/`: a pyproject.toml naming the modules to
mutate and the layer's tests, and links to the member's src/, tests/ and migrations. mutmut
itself runs in the member's environment (it runs pytest in its own process and forks a child
per mutant, each running only the tests its stats saw call the mutated function), first the
selected tests on the clean code (a red baseline stops the stage), then a forced failure.
"""

import json
import os
import shutil
import signal
import subprocess
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO

from evidence.mutation.targets import Target

# mutmut's exit codes (mutmut/stats.py), as the matrix names them.
KILLED, SURVIVED, NO_TESTS, TIMED_OUT, NOT_CHECKED = (
    "killed",
    "survived",
    "no tests",
    "timed out",
    "not checked",
)
STATUS = {1: KILLED, 3: KILLED, 0: SURVIVED, 5: NO_TESTS, 33: NO_TESTS, 36: TIMED_OUT}
STATUS |= {24: TIMED_OUT, -24: TIMED_OUT, 152: TIMED_OUT, 255: TIMED_OUT, None: NOT_CHECKED}

# The integration suites' `alembic check` writes through alembic's own stream, which mutmut's
# output capture closes ("I/O operation on closed file"). Those tests compare the migrations
# with the models, neither of which is mutated, so they cover no mutant: left out.
LEFT_OUT = {"integration": ("--ignore=tests/integration/test_migrations.py",)}
# What mutmut says, and exits 1, when the layer's tests call no mutated function at all.
NOTHING_COVERED = "could not find any test case for any mutant"
# How run_alone's log marks each mutant and its exit code (read back by `read_alone`).
MUTANT_LINE, EXIT_LINE = "=== ", "--- exit "
# The contract stage's suite, and how long one mutant may take under it.
SUITE = ("tests/contract",)
ALONE = 60  # ten times the slowest clean contract suite here (orders, 6 s)
LINKED = ("src", "tests", "alembic.ini", "migrations")


class StageError(RuntimeError):
    """mutmut could not judge a stage: a red baseline, a crash, mutants left unchecked."""


def workdir(root: Path, target: Target, layer: str) -> Path:
    """`.mutation/<member>/<layer>/`, made afresh: the configuration and links mutmut runs from."""
    folder = stage_folder(root, target, layer)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    member = root / target.folder
    for name in LINKED:
        if (member / name).exists():
            (folder / name).symlink_to(member / name)
    (folder / "pyproject.toml").write_text(configuration(member, target, layer))
    return folder


def stage_folder(root: Path, target: Target, layer: str) -> Path:
    return root / ".mutation" / target.member / layer


def configuration(member: Path, target: Target, layer: str) -> str:
    """The [tool.mutmut] of a stage, and the member's own [tool.pytest.ini_options]."""
    pytest = tomllib.loads((member / "pyproject.toml").read_text())["tool"]["pytest"]
    only = [f"src/{target.package}/{path}" for path in target.modules]
    mutmut = {
        "source_paths": ["src/"],
        "only_mutate": only,
        "pytest_add_cli_args_test_selection": [f"tests/{layer}"],
        "pytest_add_cli_args": ["-p", "no:cacheprovider", *LEFT_OUT.get(layer, ())],
        "also_copy": [name for name in LINKED[2:] if (member / name).exists()],
        # Every stage starts from nothing: no git look-ups, no results carried over.
        "use_git_change_detection": False,
    }
    lines = ["[tool.mutmut]", *(f"{key} = {json.dumps(value)}" for key, value in mutmut.items())]
    lines += ["", "[tool.pytest.ini_options]"]
    lines += [f"{key} = {json.dumps(value)}" for key, value in pytest["ini_options"].items()]
    return "\n".join(lines) + "\n"


def population(folder: Path, python: Path) -> dict[str, str]:
    """Every mutant's name and module (under src/), from mutmut's generation alone: no test runs."""
    generate = "from mutmut.__main__ import copy_src_dir, create_mutants\n"
    generate += "copy_src_dir()\ncreate_mutants(os.cpu_count() or 1)\n"
    code = ["import os\n" + generate]
    # Quiet: it lists every file it copies.
    subprocess.run(  # noqa: S603
        [str(python), "-c", *code], cwd=folder, check=True, stdout=subprocess.DEVNULL
    )
    return {name: module for name, (module, _) in read_meta(folder).items()}


def run(
    folder: Path,
    python: Path,
    names: Sequence[str],
    env: Mapping[str, str],
    *,
    children: int,
    log: Path,
    timeout: float,
) -> dict[str, str]:
    """mutmut run on `names` in `folder`; each name's status. StageError when it cannot judge."""
    command = [str(python), "-m", "mutmut", "run", "--max-children", str(children), *names]
    with log.open("w") as output:
        returncode = bounded(command, folder, env, output, timeout)
    if returncode is None:
        raise StageError(f"{folder}: mutmut still running after {timeout} s (log: {log})")
    if returncode and NOTHING_COVERED in log.read_text(errors="replace"):
        return dict.fromkeys(names, NO_TESTS)  # the layer's tests call none of these functions
    statuses = {name: status for name, (_, status) in read_meta(folder).items() if name in names}
    unchecked = [name for name in names if statuses.get(name, NOT_CHECKED) == NOT_CHECKED]
    if returncode != 0 or unchecked:
        tail = "".join(log.read_text(errors="replace").splitlines(keepends=True)[-15:])
        raise StageError(
            f"{folder}: mutmut exited {returncode}, {len(unchecked)} mutants unchecked"
            f" (log: {log})\n{tail}"
        )
    return statuses


def read_meta(folder: Path) -> dict[str, tuple[str, str]]:
    """Each mutant's module (its path under src/) and status, from mutmut's `.meta` files."""
    found: dict[str, tuple[str, str]] = {}
    sources = folder / "mutants" / "src"
    for meta in sorted(sources.rglob("*.meta")):
        module = meta.relative_to(sources).as_posix().removesuffix(".meta")
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        found |= {
            name: (module, STATUS.get(code, f"other ({code})")) for name, code in codes.items()
        }
    return found


def diff(folder: Path, python: Path, name: str) -> str:
    """The mutant as a diff (`mutmut show`), for the report's sample of survivors."""
    shown = subprocess.run(  # noqa: S603
        [str(python), "-m", "mutmut", "show", name],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    return "\n".join(line for line in shown.stdout.splitlines() if not line.startswith("# "))


def run_alone(
    folder: Path, python: Path, names: Sequence[str], env: Mapping[str, str], *, log: Path
) -> dict[str, str]:
    """Each of `names` under the layer's whole suite in a pytest of its own, no mutmut around it.

    For the contract stage: pact's verifier hangs in mutmut's forced-failure run (every mutated
    function raising at once), and the suites are a handful of tests. The code mutmut generated
    (`mutants/src`, first on the path) picks the mutant from $MUTANT_UNDER_TEST at each call.
    Only "tests ran and one failed" (pytest's exit 1) is a kill; a clean run must pass first.
    """
    work = folder / "mutants"
    path = os.pathsep.join([str(work / "src"), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    pytest = [str(python), "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *SUITE]
    statuses: dict[str, str] = {}
    with log.open("w") as output:
        for name in ["", *names]:
            output.write(f"\n{MUTANT_LINE}{name or 'clean'}\n")
            output.flush()
            mutant = {**env, "PYTHONPATH": path, "MUTANT_UNDER_TEST": name}
            code = bounded(pytest, work, mutant, output, ALONE)
            code = 36 if code is None else code
            output.write(f"{EXIT_LINE}{code}\n")
            if not name and code != 0:
                raise StageError(f"{folder}: the clean code fails its own suite (log: {log})")
            if name:
                statuses[name] = {0: SURVIVED, 1: KILLED, 5: NO_TESTS, 36: TIMED_OUT}.get(
                    code, f"other ({code})"
                )
    return statuses


def bounded(
    command: Sequence[str], folder: Path, env: Mapping[str, str], output: IO[str], timeout: float
) -> int | None:
    """The command's exit code, or None after `timeout` s: then it and its children are killed.

    In a process group of its own, since mutmut forks a child per mutant (and pytest may start
    servers): killing the parent alone would leave them running.
    """
    process = subprocess.Popen(  # noqa: S603
        command, cwd=folder, env=dict(env), stdout=output, stderr=output, start_new_session=True
    )
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return None


def read_run(folder: Path, names: Sequence[str], log: Path) -> dict[str, str]:
    """What a finished (or cut short) mutmut stage said of `names`, from its folder and log."""
    if NOTHING_COVERED in log.read_text(errors="replace"):
        return dict.fromkeys(names, NO_TESTS)
    found = {name: status for name, (_, status) in read_meta(folder).items()}
    return {name: found.get(name, NOT_CHECKED) for name in names}


def read_alone(names: Sequence[str], log: Path) -> dict[str, str]:
    """What run_alone's log says of `names`; a log written before it kept exit codes is read
    from pytest's summary line ("N failed" a kill, "N passed" alone a survivor, none: cut off).
    """
    statuses: dict[str, str] = {}
    for section in log.read_text(errors="replace").split(f"\n{MUTANT_LINE}")[1:]:
        name, _, output = section.partition("\n")
        lines = output.splitlines()
        codes = [line.removeprefix(EXIT_LINE) for line in lines if line.startswith(EXIT_LINE)]
        if codes:
            code = int(codes[-1])
            statuses[name] = {0: SURVIVED, 1: KILLED, 5: NO_TESTS, 36: TIMED_OUT}.get(
                code, f"other ({code})"
            )
            continue
        summary = [
            line
            for line in lines
            if " in " in line
            and ("passed" in line or "failed" in line or "error" in line or "no tests ran" in line)
        ]
        if not summary:
            statuses[name] = TIMED_OUT if name in names else NOT_CHECKED
        elif "failed" in summary[-1]:
            statuses[name] = KILLED
        elif "error" in summary[-1]:
            statuses[name] = "other (error)"
        elif "no tests ran" in summary[-1]:
            statuses[name] = NO_TESTS
        else:
            statuses[name] = SURVIVED
    return {name: statuses.get(name, NOT_CHECKED) for name in names}
