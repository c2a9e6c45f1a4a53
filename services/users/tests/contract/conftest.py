"""The users provider, verified as it runs: its real app on a real, migrated Postgres database.

The test kit gives `database` (migrated) -> `committing_session_factory` (real commits), and
`pact_dir` and `verify`. Provider states commit through the service's own functions, so the
app, serving in another thread, sees them; rollback isolation cannot span two threads.
"""

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session, sessionmaker
from users.app import create_app
from users.settings import Settings

from testkit.http import serve_in_thread


@pytest.fixture(scope="session")
def verifier_token() -> str:
    """The token the verifier sends in place of each consumer's own: the pacts fix its shape."""
    return "pact-verifier-token"


@pytest.fixture(scope="session")
def provider_url(
    committing_session_factory: sessionmaker[Session], verifier_token: str
) -> Iterator[str]:
    """The real users app, served by uvicorn in a thread on a free port."""
    settings = Settings(
        database_url="postgresql+psycopg://unused/unused",
        api_tokens={verifier_token: frozenset({"users:read"})},
    )
    app = create_app(settings=settings, session_factory=committing_session_factory)
    with serve_in_thread(app) as url:
        yield url
