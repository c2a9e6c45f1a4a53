"""Postgres and RabbitMQ for every session of a run: the environment's URLs, or the kit's servers.

With TEST_POSTGRES_URL and TEST_RABBITMQ_URL set (the CI-services route), the sessions use them.
Otherwise `python -m testkit serve` starts the servers once for the whole run, as nox does for
one `nox` invocation: every session would otherwise start its own RabbitMQ, about 6 s apiece.
"""

import importlib.util
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SERVERS = ("TEST_POSTGRES_URL", "TEST_RABBITMQ_URL")


@contextmanager
def servers(copy: Path, environ: dict[str, str]) -> Iterator[dict[str, str]]:
    """TEST_POSTGRES_URL and TEST_RABBITMQ_URL: the environment's, or the kit's own servers."""
    if all(environ.get(name) for name in SERVERS):
        yield {}
        return
    serve = ["uv", "run", "--locked", "--no-default-groups", "--package", "testkit"]
    place = str(copy / ".nox" / "_infrastructure")
    env = {**environ, "UV_PROJECT_ENVIRONMENT": place, "VIRTUAL_ENV": place}
    with subprocess.Popen(  # noqa: S603
        [*serve, "python", "-m", "testkit", "serve"],
        cwd=copy,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as server:
        assert server.stdout is not None
        assert server.stdin is not None
        urls = {}
        for line in server.stdout:  # NAME=url lines, then READY; nothing if it failed
            if line.strip() == "READY":
                break
            name, _, url = line.strip().partition("=")
            urls[name] = url
        if set(urls) != set(SERVERS):
            raise SystemExit("could not provide Postgres and RabbitMQ (message above)")
        try:
            yield urls
        finally:
            server.stdin.close()  # `testkit serve` removes its servers and exits


def machine_facts(root: Path, load_at_start: float, details: list[str]) -> list[str]:
    """The run's facts as Markdown lines, through infra/benchmark/machine.py when it is there."""
    path = root / "infra" / "benchmark" / "machine.py"
    if not path.exists():
        return details
    spec = importlib.util.spec_from_file_location("benchmark_machine", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.machine(load_at_start, details)
