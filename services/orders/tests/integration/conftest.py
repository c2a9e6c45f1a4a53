"""postgres -> database -> session_factory (test kit, rolled back per test) -> client.

Consumer tests need commits that the consumer's thread sees: they use the kit's
`committing_session_factory` and keep apart through unique ids.
"""

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from orders.app import create_app
from orders.catalog_client import HttpCatalogClient
from orders.settings import Settings
from orders.users_client import HttpUsersClient
from sqlalchemy.orm import Session, sessionmaker

from chassis.downstream import bearer_client


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


@pytest.fixture
def app_with_clients(
    settings: Settings, session_factory: sessionmaker[Session]
) -> Callable[..., TestClient]:
    """A TestClient factory: the app with real HTTP clients on the given base URLs.

    Both clients give up after `timeout_seconds`, the catalog's after `catalog_timeout_seconds`
    if given (a test that hangs the catalog's first call waits that alone, while the users
    service's answer still has all the time it needs); `sessions` replaces the rolled-back factory.
    """

    def make(
        users_url: str,
        catalog_url: str,
        *,
        timeout_seconds: float,
        catalog_timeout_seconds: float | None = None,
        sessions: sessionmaker[Session] = session_factory,
    ) -> TestClient:
        def http(url: str, token: str, timeout: float):
            return bearer_client(base_url=url, token=token, timeout_seconds=timeout)

        catalog_timeout = (
            timeout_seconds if catalog_timeout_seconds is None else catalog_timeout_seconds
        )
        app = create_app(
            settings=settings,
            session_factory=sessions,
            users=HttpUsersClient(http(users_url, settings.users_token, timeout_seconds)),
            catalog=HttpCatalogClient(http(catalog_url, settings.catalog_token, catalog_timeout)),
        )
        return TestClient(app, headers={"Authorization": "Bearer writer-token"})

    return make
