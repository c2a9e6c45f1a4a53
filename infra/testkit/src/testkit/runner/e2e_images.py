"""The E2E stack's images, built in the background while the lower layers of the run test.

`docker compose up --build` starts by building the five service images: a few seconds when
Docker's cache holds them, a minute after a change (uv installing each image's packages). That is
mostly Docker's disk and network work, which the lower layers' runs, busy on the CPU, need not
wait for, and the E2E suite depends on nothing they do. So when a nox run will run the e2e
session, the run's first test session starts `docker compose build` in the background (its
output in .reports/e2e-build.log), and e2e waits for that build instead of building itself.

Standard library only, like `testkit.nox_support`, which calls it.
"""

import atexit
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

# The build started for each repository (one per nox run), until e2e waits for it.
_builds: dict[Path, subprocess.Popen[bytes]] = {}


def compose(root: Path) -> tuple[str, ...]:
    """`docker compose` on the repository's docker-compose.yml, in plain output."""
    return ("docker", "compose", "--ansi", "never", "--file", str(root / "docker-compose.yml"))


def will_run(session: Any, name: str) -> bool:
    """Whether this nox run has the session `name` in it, queued or running.

    nox has no public way to ask, so this reads its run's manifest; if a nox release changes
    that, the answer is no, and e2e builds its images itself, later but just as well.
    """
    manifest = getattr(getattr(session, "_runner", None), "manifest", None)
    try:
        return manifest is not None and name in manifest
    except Exception:  # nox's internals: any surprise means "don't know"
        return False


def build_early(session: Any, root: Path, env: Mapping[str, str]) -> None:
    """Start building the E2E images now if this run will run e2e and no build is under way."""
    if root in _builds or not will_run(session, "e2e"):
        return
    log = build_log(root)
    log.parent.mkdir(exist_ok=True)
    with log.open("wb") as output:
        build = subprocess.Popen(  # noqa: S603
            [*compose(root), "build"], cwd=root, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    _builds[root] = build
    atexit.register(_abandon, build)
    session.log(f"e2e's images: building in the background ({log.relative_to(root)})")


def wait_for_early_build(session: Any, root: Path) -> bool:
    """Wait for the build `build_early` started: True when there was one and it passed.

    False when none was started (the caller builds); a failed build fails the session.
    """
    build = _builds.pop(root, None)
    if build is None:
        return False
    if build.wait():
        session.error(f"building the e2e images failed:\n{build_log(root).read_text()}")
    return True


def build_log(root: Path) -> Path:
    return root / ".reports" / "e2e-build.log"


def _abandon(build: subprocess.Popen[bytes]) -> None:
    """At nox's exit: a build no e2e session waited for (the run stopped early) is stopped."""
    if build.poll() is None:
        build.terminate()
        build.wait(timeout=60)
