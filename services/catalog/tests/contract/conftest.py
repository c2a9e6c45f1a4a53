"""Catalog's provider side: its real API served on the test kit's migrated database.

The kit gives the rest (`pact_dir`, `pact_output`, `verify`, `database`, `session`,
`committing_session_factory`): consumer pacts go to $PACT_DIR, else straight into contracts/.
"""

from collections.abc import Iterator

import pytest
from catalog.app import create_app
from catalog.settings import Settings
from sqlalchemy.orm import Session, sessionmaker

from testkit.http import serve_in_thread


@pytest.fixture(scope="session")
def verifier_token() -> str:
    """The token the verifier sends in place of each consumer's own: the pacts fix its shape."""
    return "pact-verifier-token"


@pytest.fixture(scope="session")
def provider_url(
    committing_session_factory: sessionmaker[Session], verifier_token: str
) -> Iterator[str]:
    """The real catalog app (no consumer thread: only its API is verified), served in a thread."""
    settings = Settings(
        database_url="postgresql+psycopg://unused/unused",
        broker_url="amqp://unused",
        api_tokens={verifier_token: frozenset({"catalog:read", "catalog:reserve"})},
    )
    app = create_app(settings=settings, session_factory=committing_session_factory)
    with serve_in_thread(app) as url:
        yield url
