"""postgres -> database -> session_factory (test kit, rolled back per test) -> client.

Consumer tests need commits that the consumer's thread sees: they use the kit's
`committing_session_factory` and keep apart through unique ids.
"""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from orders.app import create_app
from orders.settings import Settings
from sqlalchemy.orm import Session, sessionmaker


@pytest.fixture
def client(
    settings: Settings, session_factory: sessionmaker[Session], users, catalog
) -> Iterator[TestClient]:
    """The real app over HTTP (in process) with fake users and catalog, as an orders writer."""
    app = create_app(
        settings=settings, session_factory=session_factory, users=users, catalog=catalog
    )
    with TestClient(app, headers={"Authorization": "Bearer writer-token"}) as client:
        yield client
