"""The test kit's database -> session_factory (rolled back) -> client; and the broker's names.

Tests that need commits seen by other threads (the consumer's, concurrent requests) use the
kit's `committing_session_factory` on the same database, with unique SKUs and order ids rather
than rollback. Broker tests get an exchange and queue prefix of their own (`topology`).
"""

from collections.abc import Iterator

import pytest
from catalog.app import create_app
from catalog.events import ORDER_CANCELLED, ORDER_CONFIRMED, ORDER_PLACED
from catalog.settings import Settings
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker


@pytest.fixture
def client(settings: Settings, session_factory: sessionmaker[Session]) -> Iterator[TestClient]:
    """The real app over HTTP (in process), as a caller with every catalog scope."""
    app = create_app(settings=settings, session_factory=session_factory)
    with TestClient(app, headers={"Authorization": "Bearer admin-token"}) as client:
        yield client


@pytest.fixture
def committing_client(
    settings: Settings, committing_session_factory: sessionmaker[Session]
) -> Iterator[TestClient]:
    """The app on committing sessions: what it writes, other threads and connections see."""
    app = create_app(settings=settings, session_factory=committing_session_factory)
    with TestClient(app, headers={"Authorization": "Bearer admin-token"}) as client:
        yield client


@pytest.fixture
def consumed_event_types() -> list[str]:
    """The queues the kit's `topology` makes (and deletes) for each test."""
    return [ORDER_PLACED, ORDER_CONFIRMED, ORDER_CANCELLED]
