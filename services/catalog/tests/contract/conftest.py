"""Catalog's contract tests: consumer of order.cancelled; provider of the API orders calls.

Pacts are written to $PACT_DIR (`nox -s contracts` points it at a fresh folder and compares the
result with contracts/), else straight into the repository's contracts/.
"""

import json
import os
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from catalog.app import create_app
from catalog.migrate import upgrade
from catalog.settings import Settings
from fastapi import FastAPI
from pact import Verifier
from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from testkit import PostgresServer, rollback_session_factory

ROOT = Path(__file__).resolve().parents[4]


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("PACT_DO_NOT_TRACK", "true")


@pytest.fixture(scope="session")
def pact_dir() -> Path:
    """Where the pacts are: $PACT_DIR (nox: a fresh folder), else the repository's contracts/."""
    directory = Path(os.environ.get("PACT_DIR", ROOT / "contracts"))
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@pytest.fixture(scope="module")
def pact_output(request: pytest.FixtureRequest, pact_dir: Path) -> Path:
    """Where a consumer test module writes the pact it names in `PACT = (consumer, provider)`.

    Its old file is removed before the module's first test, so that the tests (each adding its
    interaction) write it whole, with no interaction left over from a previous run.
    """
    consumer, provider = request.module.PACT
    (pact_dir / f"{consumer}-{provider}.json").unlink(missing_ok=True)
    return pact_dir


@pytest.fixture(scope="session")
def verify() -> Callable[[Verifier, str], None]:
    """Run a provider's Verifier, saving its results for the matrix `nox -s contracts` prints.

    A failure is raised with one line per broken interaction, naming the consumer, the
    interaction and the mismatch (say, a missing key), rather than pact's bare RuntimeError.
    """
    reports = ROOT / ".reports" / "contracts"
    reports.mkdir(parents=True, exist_ok=True)

    def run(verifier: Verifier, provider: str) -> None:
        try:
            verifier.verify()  # prints its own report as it goes
        except RuntimeError:
            raise AssertionError(broken_interactions(verifier.results)) from None
        finally:
            (reports / f"{provider}.json").write_text(json.dumps(verifier.results, indent=2))

    return run


def broken_interactions(results: dict[str, Any]) -> str:
    lines = []
    for error in results.get("errors", []):
        found = error["mismatch"]
        details = [
            f"{m.get('path', '')} {m.get('mismatch') or m}".strip()
            for m in found.get("mismatches", [])
        ] or [found.get("message") or str(found)]
        lines += [f"{error['interaction']}: {detail}" for detail in details]
    return "\n".join(lines) or "the verifier failed (see its report above)"


@pytest.fixture(scope="session")
def database(postgres: PostgresServer) -> Iterator[Engine]:
    """A database of this run's own, built by `alembic upgrade head`, never by create_all."""
    with postgres.temporary_database("catalog_contract") as url:
        upgrade(url)
        engine = create_engine(url)
        yield engine
        engine.dispose()


@pytest.fixture
def session(database: Engine) -> Iterator[Session]:
    """A session whose work, commits included, is rolled back after the test."""
    with (
        rollback_session_factory(database, expire_on_commit=False) as factory,
        factory() as session,
    ):
        yield session


@pytest.fixture(scope="session")
def committing_sessions(database: Engine) -> sessionmaker[Session]:
    """Sessions that really commit: the verifier asks for messages from a thread of its own."""
    return sessionmaker(database, expire_on_commit=False)


@pytest.fixture(scope="session")
def verifier_token() -> str:
    """The token the verifier sends in place of each consumer's own: the pacts fix its shape."""
    return "pact-verifier-token"


@pytest.fixture(scope="session")
def provider_url(committing_sessions: sessionmaker[Session], verifier_token: str) -> Iterator[str]:
    """The real catalog app (no consumer thread: only its API is verified), served in a thread."""
    settings = Settings(
        database_url="postgresql+psycopg://unused/unused",
        broker_url="amqp://unused",
        api_tokens={verifier_token: frozenset({"catalog:read", "catalog:reserve"})},
    )
    with serving(create_app(settings=settings, session_factory=committing_sessions)) as url:
        yield url


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """Serve an ASGI app in a thread, on a port the OS picks, until the block ends."""
    listener = socket.create_server(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("the provider app did not start")
            thread.join(0.01)
        # localhost, not 127.0.0.1: the verifier's host must match the transport URL's.
        yield f"http://localhost:{listener.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(5)
        listener.close()
