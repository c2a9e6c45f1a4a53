"""The users provider, verified as it runs: its real app on a real, migrated Postgres database.

postgres (test kit) -> database (migrated) -> session_factory (real commits) -> provider_url.
Provider states commit through the service's own functions, so the app, serving in another
thread, sees them; rollback isolation cannot span two threads' connections.
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
from fastapi import FastAPI
from pact import Verifier
from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker
from users.app import create_app
from users.migrate import upgrade
from users.settings import Settings

from testkit import PostgresServer

ROOT = Path(__file__).resolve().parents[4]


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("PACT_DO_NOT_TRACK", "true")


@pytest.fixture(scope="session")
def pact_dir() -> Path:
    """The pacts to verify: $PACT_DIR (nox: those the consumers just wrote), else contracts/."""
    return Path(os.environ.get("PACT_DIR", ROOT / "contracts"))


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
def verifier_token() -> str:
    """The token the verifier sends in place of each consumer's own: the pacts fix its shape."""
    return "pact-verifier-token"


@pytest.fixture(scope="session")
def database(postgres: PostgresServer) -> Iterator[Engine]:
    """A database of this run's own, built by `alembic upgrade head`, never by create_all."""
    with postgres.temporary_database("users_provider") as url:
        upgrade(url)
        engine = create_engine(url)
        yield engine
        engine.dispose()


@pytest.fixture(scope="session")
def session_factory(database: Engine) -> sessionmaker[Session]:
    return sessionmaker(database, expire_on_commit=False)


@pytest.fixture(scope="session")
def provider_url(session_factory: sessionmaker[Session], verifier_token: str) -> Iterator[str]:
    """The real users app, served by uvicorn in a thread on a free port."""
    settings = Settings(
        database_url="postgresql+psycopg://unused/unused",
        api_tokens={verifier_token: frozenset({"users:read"})},
    )
    with serving(create_app(settings=settings, session_factory=session_factory)) as url:
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
