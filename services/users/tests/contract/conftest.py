"""The users provider, verified as it runs: its real app on a real, migrated Postgres database.

postgres (test kit) -> database (migrated) -> session_factory (real commits) -> provider_url.
Provider states commit through the service's own functions, so the app, serving in another
thread, sees them; rollback isolation cannot span two threads' connections.
"""

import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
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
def report_dir() -> Path:
    """Where each verification's results go, for the matrix `nox -s contracts` prints."""
    directory = ROOT / ".reports" / "contracts"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


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
