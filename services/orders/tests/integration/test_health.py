"""Readiness reports the database and the broker: 200 when both answer, else 503."""

from fastapi.testclient import TestClient
from orders.app import create_app
from orders.db import create_session_factory

UNREACHABLE_DATABASE = "postgresql+psycopg://nobody@127.0.0.1:1/none"


def app_on(settings, session_factory, users, catalog, *, broker_connected: bool):
    return create_app(
        settings=settings,
        session_factory=session_factory,
        users=users,
        catalog=catalog,
        broker_connected=lambda: broker_connected,
    )


def test_ready_is_503_when_the_database_does_not_answer(settings, users, catalog):
    unreachable = create_session_factory(UNREACHABLE_DATABASE)

    with TestClient(app_on(settings, unreachable, users, catalog, broker_connected=True)) as client:
        response = client.get("/health/ready")

    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"


def test_ready_is_503_when_the_broker_is_not_connected(settings, session_factory, users, catalog):
    app = app_on(settings, session_factory, users, catalog, broker_connected=False)

    with TestClient(app) as client:
        response = client.get("/health/ready")

    assert response.status_code == 503
    assert "broker" in response.json()["detail"]


def test_live_is_200_even_without_a_database_or_broker(settings, users, catalog):
    unreachable = create_session_factory(UNREACHABLE_DATABASE)
    app = app_on(settings, unreachable, users, catalog, broker_connected=False)

    with TestClient(app) as client:
        assert client.get("/health/live").status_code == 200
