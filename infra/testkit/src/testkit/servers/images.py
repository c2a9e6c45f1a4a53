"""Container image names: one environment variable per image, defaulting to the official images.

docker-compose.yml reads the same variables with the same defaults; machines without a registry
point them at the images built by infra/images/build.sh (which writes them to .env).

Before anything starts a container, `unavailable` says in one line which image can be had
neither from this machine nor from a registry, and the command that makes it: without it, a
fresh clone on a machine with no registry met a traceback pulling testcontainers/ryuk, or
compose's pull errors. Standard library only: the noxfile's sessions and infra/up.sh use it
too (`python -m testkit.servers.images POSTGRES_IMAGE ...`).
"""

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping

DEFAULT_IMAGES = {
    "POSTGRES_IMAGE": "postgres:15",
    "RABBITMQ_IMAGE": "rabbitmq:3.10",
    "PYTHON_IMAGE": "python:3.11-slim",
}
RYUK_DISABLED = "TESTCONTAINERS_RYUK_DISABLED"
BUILD = "bash infra/images/build.sh"

# Runs a docker command; True when it succeeded.
Docker = Callable[[list[str]], bool]


def image(variable: str, environ: Mapping[str, str] = os.environ) -> str:
    """The image named by `variable` in the environment, else the official default."""
    return environ.get(variable) or DEFAULT_IMAGES[variable]


def docker(arguments: list[str]) -> bool:
    """`docker <arguments>`, quietly: whether it succeeded.

    With no docker command to ask (an engine reached through its API alone), True: whatever
    starts the container says what is wrong in its own words.
    """
    command = shutil.which("docker")
    if command is None:
        return True
    return subprocess.run([command, *arguments], capture_output=True, check=False).returncode == 0  # noqa: S603


def obtainable(name: str, run: Docker = docker) -> bool:
    """The image is on this machine, or a registry answers with it (then it is pulled now)."""
    return run(["image", "inspect", name]) or run(["pull", name])


def unavailable(
    variables: Iterable[str],
    environ: Mapping[str, str] = os.environ,
    *,
    ryuk: str | None = None,
    run: Docker = docker,
) -> str | None:
    """One line naming the first image that cannot be had and what makes it; None if all can.

    Args:
        variables: The image variables the caller is about to use, e.g. ``["POSTGRES_IMAGE"]``.
        environ: Where the variables are read (.env's values included, where the caller has them).
        ryuk: testcontainers' Ryuk image, when the caller starts containers with Ryuk enabled.
        run: Runs a docker command (a fake in the tests).
    """
    if ryuk and not obtainable(ryuk, run):
        return (
            f"{ryuk} (testcontainers' Ryuk) is not on this machine and no registry answers: "
            f"set {RYUK_DISABLED}=true, as `{BUILD}` does in .env"
        )
    for variable in variables:
        name = image(variable, environ)
        if not obtainable(name, run):
            return (
                f"{name} ({variable}) is not on this machine and no registry answers: "
                f"`{BUILD}` builds it and names it in .env (`bash infra/up.sh` runs it if needed)"
            )
    return None


def main(variables: list[str]) -> int:
    """Print the line of `unavailable` and fail, or succeed quietly (for infra/up.sh)."""
    if message := unavailable(variables or DEFAULT_IMAGES):
        print(message, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
