"""Orders' contract tests: consumer of users, catalog and payment events; provider of its own.

Pacts are written to $PACT_DIR (`nox -s contracts` points it at a fresh folder and compares the
result with contracts/), else straight into the repository's contracts/.
"""

import os
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import pytest
from orders.migrate import upgrade
from pact import Verifier
from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from testkit import PostgresServer, rollback_session_factory
from testkit.contracts import pact_directory, verify_provider

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
    with postgres.temporary_database("orders_contract") as url:
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
