"""What each of the kit's fixtures costs a suite: the kit's own functions behind them, timed.

Run from the repository's root, with the servers the suites would get (environment URLs, else
containers), in the orders service's environment (its migrations, pact-python, FastAPI):

    uv run --locked --package orders --group test --group contract \\
        python infra/benchmark/fixture_costs.py --out docs

It writes docs/fixture-costs.json; `python -m evidence.generated --write` renders it into the
kit's README (infra/benchmark/fixture_costs_page.py), and `nox -s lint` holds the two together.
Each fixture is timed through the function it calls (`migrated_database` for `database`, and so
on), set-up and teardown together, so the figure is what a suite pays where the fixture's scope
says: once per run, per module or per test.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
RESULTS = "fixture-costs.json"
COMMAND = (
    "uv run --locked --package orders --group test --group contract "
    "python infra/benchmark/fixture_costs.py --out docs"
)
# orders' consumer takes these: the topology a test of its consumer declares.
EVENT_TYPES = ("payment.succeeded", "payment.failed")
PROVIDER = "kit-costs-provider"
# A provider state, as every real interaction has: the verifier then runs its state callback
# server, the fixed cost of a verify() call.
STATE = "the service is up"
# What the verifier sends; the health app asks for no token.
TOKEN = "no-token-needed"  # noqa: S105


def timed(runs: int, make: Callable[[], AbstractContextManager[Any]]) -> list[float]:
    """Seconds each of `runs` set-ups and teardowns of a fresh `make()` took."""
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        with make():
            pass
        samples.append(time.perf_counter() - started)
    return samples


def health_app() -> Any:
    """The smallest app a provider fixture could serve: what uvicorn's start costs, not an app's."""
    from fastapi import FastAPI

    app = FastAPI()
    app.get("/health/live")(lambda: {"status": "ok"})
    return app


def pact_round(directory: Path) -> AbstractContextManager[Any]:
    """What the `pact` fixture and one consumer test do: a V4 pact, its mock server, its file."""
    import httpx
    from pact import Pact

    stack = ExitStack()
    pact = Pact("kit-costs-consumer", PROVIDER).with_specification("V4")
    interaction = pact.upon_receiving("a health check").given(STATE)
    interaction.with_request("GET", "/health/live").will_respond_with(200)
    server = stack.enter_context(pact.serve())
    httpx.get(f"{server.url}/health/live").raise_for_status()
    stack.callback(pact.write_file, directory, overwrite=True)
    return stack


@contextmanager
def calling(function: Callable[[], object]) -> Iterator[None]:
    """A call, as a set-up with nothing to tear down."""
    function()
    yield


def verified(verifier: Any) -> None:
    """What a provider's test does with its verifier: its states served by the kit's endpoint
    (`provider_callbacks`, as every provider's test_provider.py), then verify()."""
    from testkit.pact.callbacks import provider_callbacks

    with provider_callbacks(verifier, states={STATE: lambda action, parameters: {}}):
        verifier.verify()


@contextmanager
def session_round(factory_context: AbstractContextManager[Any]) -> Iterator[None]:
    """What the `session` fixture and a test do: a rolled-back factory, a session, a query."""
    from sqlalchemy import text

    with factory_context as factory, factory() as session:
        session.execute(text("select 1"))
        yield


def measure(runs: int) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """Each fixture's samples, and where the run's servers came from."""
    from orders.migrate import upgrade

    from testkit.data import unique_name
    from testkit.pact.contracts import verifier_for_app
    from testkit.servers.broker import confirmed_channel, temporary_topology
    from testkit.servers.databases import migrated_database
    from testkit.servers.infrastructure import (
        POSTGRES_URL,
        RABBITMQ_URL,
        provide_postgres,
        provide_rabbitmq,
    )
    from testkit.servers.isolation import rollback_session_factory
    from testkit.stand_ins.http import serve_in_thread

    servers = {
        "postgres": "TEST_POSTGRES_URL" if os.environ.get(POSTGRES_URL) else "a container",
        "rabbitmq": "TEST_RABBITMQ_URL" if os.environ.get(RABBITMQ_URL) else "a container",
    }
    rows: list[dict[str, Any]] = []

    def row(fixture: str, paid: str, what: str, samples: list[float]) -> None:
        rows.append({"fixture": fixture, "paid": paid, "what": what, "samples": samples})
        print(f"{fixture}: median {statistics.median(samples) * 1000:.1f} ms", file=sys.stderr)

    once = max(1, runs // 4)
    row(
        "postgres",
        "once per run",
        f"`provide_postgres()`, {servers['postgres']}",
        timed(once, provide_postgres),
    )
    row(
        "rabbitmq",
        "once per run",
        f"`provide_rabbitmq()`, {servers['rabbitmq']}",
        timed(once, provide_rabbitmq),
    )
    with provide_postgres() as postgres, provide_rabbitmq() as rabbitmq:
        migrated = lambda: migrated_database(postgres, unique_name("costs"), upgrade)  # noqa: E731
        row(
            "database",
            "once per run",
            "`migrated_database`: create, orders' migrations, drop",
            timed(runs, migrated),
        )
        with migrated() as engine:
            row(
                "session",
                "per test",
                "`rollback_session_factory`, a session, a query, rollback",
                timed(runs * 20, lambda: session_round(rollback_session_factory(engine))),
            )
        row(
            "topology",
            "per test",
            "`temporary_topology`: orders' queues declared, then deleted",
            timed(runs * 4, lambda: temporary_topology(rabbitmq, event_types=EVENT_TYPES)),
        )
        row(
            "channel",
            "per test",
            "`confirmed_channel`: a connection, a channel, confirms",
            timed(runs * 4, lambda: confirmed_channel(rabbitmq)),
        )
    row(
        "provider_url",
        "once per run",
        "`serve_in_thread`: uvicorn started and stopped",
        timed(runs, lambda: serve_in_thread(health_app())),
    )
    with tempfile.TemporaryDirectory() as folder:
        directory = Path(folder)
        row(
            "pact",
            "per test",
            "a V4 pact, its mock server, one request, its file written",
            timed(runs * 2, lambda: pact_round(directory)),
        )
        with serve_in_thread(health_app()) as url:
            verifier = lambda: verifier_for_app(PROVIDER, directory, url=url, token=TOKEN)  # noqa: E731
            row(
                "verify",
                "per call",
                "a Verifier of one interaction, its state from `provider_callbacks`, `verify()`",
                timed(runs, lambda: calling(lambda: verified(verifier()))),
            )
    return servers, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="runs of a once-per-run fixture")
    parser.add_argument("--out", type=Path, help="folder to write fixture-costs.json in")
    args = parser.parse_args()
    load_at_start = os.getloadavg()[0]
    servers, rows = measure(args.runs)
    results = {
        "command": COMMAND,
        "machine": {
            "date": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "load_average": [round(load_at_start, 2), round(os.getloadavg()[0], 2)],
        },
        "servers": servers,
        "fixtures": rows,
    }
    text = json.dumps(results, indent=1) + "\n"
    if args.out:
        (args.out / RESULTS).write_text(text)
    else:
        print(text)


if __name__ == "__main__":
    main()
