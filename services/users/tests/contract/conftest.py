"""The users provider, verified as it runs: its real app on a real, migrated Postgres database.

postgres (test kit) -> database (migrated) -> session_factory (real commits) -> provider_url.
Provider states commit through the service's own functions, so the app, serving in another
thread, sees them; rollback isolation cannot span two threads' connections.
"""

import os
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import pytest
from pact import Verifier
from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker
from users.app import create_app
from users.migrate import upgrade
from users.settings import Settings

from testkit import PostgresServer
from testkit.contracts import pact_directory, verify_provider
from testkit.http import serve_in_thread

ROOT = Path(__file__).resolve().parents[4]


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("PACT_DO_NOT_TRACK", "true")


@pytest.fixture(scope="session")
def pact_dir() -> Path:
    """The pacts to verify: $PACT_DIR (nox: those the consumers just wrote), else contracts/."""
    return pact_directory(ROOT / "contracts")


@pytest.fixture(scope="session")
def verify() -> Callable[[Verifier, str], None]:
    """Run a provider's Verifier, saving its results for the matrix `nox -s contracts` prints."""
    return partial(verify_provider, reports=ROOT / ".reports" / "contracts")


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
    with serve_in_thread(create_app(settings=settings, session_factory=session_factory)) as url:
        yield url
