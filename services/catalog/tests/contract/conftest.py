"""Catalog's contract tests: consumer of order.cancelled; provider of the API orders calls.

Pacts are written to $PACT_DIR (`nox -s contracts` points it at a fresh folder and compares the
result with contracts/), else straight into the repository's contracts/.
"""

import os
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import pytest
from catalog.app import create_app
from catalog.migrate import upgrade
from catalog.settings import Settings
from pact import Verifier
from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from testkit import PostgresServer, rollback_session_factory
from testkit.contracts import pact_directory, verify_provider
from testkit.http import serve_in_thread

ROOT = Path(__file__).resolve().parents[4]


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("PACT_DO_NOT_TRACK", "true")


@pytest.fixture(scope="session")
def pact_dir() -> Path:
    """Where the pacts are: $PACT_DIR (nox: a fresh folder), else the repository's contracts/."""
    directory = pact_directory(ROOT / "contracts")
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
    """Run a provider's Verifier, saving its results for the matrix `nox -s contracts` prints."""
    return partial(verify_provider, reports=ROOT / ".reports" / "contracts")


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
    with serve_in_thread(create_app(settings=settings, session_factory=committing_sessions)) as url:
        yield url
