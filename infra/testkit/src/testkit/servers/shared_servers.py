"""One Postgres and one RabbitMQ for a whole nox run, started once and shared by its sessions.

URLs already in the environment (TEST_POSTGRES_URL, TEST_RABBITMQ_URL) are used as they are.
Otherwise `python -m testkit serve` starts the containers, and they are removed when nox exits:
RabbitMQ alone takes about 6 s to start, which one pytest run per service would pay again and
again, and which a run that needs Postgres alone (the contracts) does not pay at all.

A session that runs its suites side by side does not wait for the servers: `later` hands the
suites $TESTKIT_SERVERS_FILE, where each URL is written as soon as `serve` prints it, and the
suites' `testkit.servers.late_servers` plugin waits for it only when a test first needs that server.
So the suites' start-up (Python importing FastAPI, SQLAlchemy: most of a run's CPU) overlaps
RabbitMQ's. Standard library only, like `testkit.nox_support`, which calls it.
"""

import atexit
import os
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Any

from testkit.servers import images

SERVERS_FILE = "TESTKIT_SERVERS_FILE"
# The servers `serve` can provide (the kit's fixtures of these names) -> their URLs' variables.
VARIABLES = {"postgres": "TEST_POSTGRES_URL", "rabbitmq": "TEST_RABBITMQ_URL"}
IMAGES = {"postgres": "POSTGRES_IMAGE", "rabbitmq": "RABBITMQ_IMAGE"}
FAILED = "FAILED"  # a line `FAILED=<server>` in the file: it could not be started

# What `serve` printed (variable -> URL), the servers asked for, and those that failed to start.
_served: dict[str, str] = {}
_started: set[str] = set()
_failed: set[str] = set()
_changed = threading.Condition()
_file = Path(tempfile.gettempdir()) / f"testkit-servers-{os.getpid()}.env"


def start(session: Any, root: Path, servers: tuple[str, ...], env: dict[str, str]) -> list[str]:
    """Start `serve` for the servers neither in the environment nor started yet; don't wait.

    Returns the servers' names that the environment does not provide.
    """
    wanted = [name for name in servers if not os.environ.get(VARIABLES[name])]
    if missing := [name for name in wanted if name not in _started]:
        # An image neither here nor pullable: one line now, not a failure in every suite later.
        if message := images.unavailable([IMAGES[name] for name in missing], env):
            session.error(message)
        command = ["uv", "run", "--locked", "--no-default-groups", "--package", "testkit"]
        location = str(root / ".nox" / "_infrastructure")
        server = subprocess.Popen(  # noqa: S603
            [*command, "python", "-m", "testkit", "serve", *missing],
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            # Both, or uv warns that the session's VIRTUAL_ENV is not the one it syncs.
            env={**env, "UV_PROJECT_ENVIRONMENT": location, "VIRTUAL_ENV": location},
        )
        _started.update(missing)
        atexit.register(_stop, server)
        threading.Thread(target=_read, args=(server, missing), daemon=True).start()
        session.log(f"starting for this run: {', '.join(missing)}")
    return wanted


def wait(session: Any, root: Path, servers: tuple[str, ...], env: dict[str, str]) -> dict[str, str]:
    """The URLs of `servers` (see the module docstring), once they are all ready."""
    wanted = start(session, root, servers, env)
    variables = [VARIABLES[name] for name in wanted]
    with _changed:
        _changed.wait_for(lambda: all(v in _served for v in variables) or bool(_failed_of(wanted)))
    check(session, wanted)
    return {variable: _served[variable] for variable in variables}


def later(
    session: Any, root: Path, servers: tuple[str, ...], env: dict[str, str]
) -> dict[str, str]:
    """What suites side by side get: the URLs known now, else where they will be written."""
    wanted = start(session, root, servers, env)
    known = {VARIABLES[n]: _served[VARIABLES[n]] for n in wanted if VARIABLES[n] in _served}
    return known if len(known) == len(wanted) else {**known, SERVERS_FILE: str(_file)}


def check(session: Any, servers: tuple[str, ...] | list[str]) -> None:
    """Fail the session if one of the `servers` it asked for (`wait`, `later`) could not start."""
    if failed := _failed_of(servers):
        session.error(f"could not provide {' and '.join(sorted(failed))} (message above)")


def _failed_of(servers: tuple[str, ...] | list[str]) -> set[str]:
    """Those of `servers` that could not be started: another session's failures are not these."""
    return _failed & set(servers)


def _read(server: subprocess.Popen[str], names: list[str]) -> None:
    """Keep each URL `serve` prints, in memory and in the file; note a failure to start."""
    assert server.stdout is not None
    for line in server.stdout:
        if line.strip() == "READY":
            return
        variable, _, url = line.strip().partition("=")
        _record(served={variable: url})
    _record(failed=names)


def _record(served: dict[str, str] | None = None, failed: list[str] | None = None) -> None:
    with _changed:
        _served.update(served or {})
        _failed.update(failed or [])
        lines = [f"{variable}={url}" for variable, url in _served.items()]
        lines += [f"{FAILED}={name}" for name in sorted(_failed)]
        # Written whole, then renamed: a reader never sees half a line.
        partial = _file.with_suffix(".partial")
        partial.write_text("\n".join(lines) + "\n")
        partial.replace(_file)
        _changed.notify_all()


def _stop(server: subprocess.Popen[str]) -> None:
    """At nox's exit: closing its standard input tells `testkit serve` to remove its servers."""
    if server.stdin:
        server.stdin.close()
    server.wait(timeout=60)
    _file.unlink(missing_ok=True)
