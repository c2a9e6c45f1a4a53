"""Readiness reports the database and the broker: 200 when both answer, else 503."""

from fastapi.testclient import TestClient
from payments.app import create_app
from payments.db import create_session_factory

UNREACHABLE_DATABASE = "postgresql+psycopg://nobody@127.0.0.1:1/none"


def test_ready_is_200_with_the_database_up_and_the_consumer_connected(client):
    assert client.get("/health/ready").json() == {"status": "ok"}


def test_ready_is_503_when_the_database_does_not_answer(settings):
    unreachable = create_session_factory(UNREACHABLE_DATABASE)
    app = create_app(settings=settings, session_factory=unreachable, broker_connected=lambda: True)

    with TestClient(app) as client:
        response = client.get("/health/ready")

    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == "the database does not answer"


def test_ready_is_503_while_the_consumer_is_not_connected(settings, session_factory):
    app = create_app(
        settings=settings, session_factory=session_factory, broker_connected=lambda: False
    )

    with TestClient(app) as client:
        response = client.get("/health/ready")

    assert response.status_code == 503
    assert response.json()["detail"] == "the broker is not connected"


def test_live_is_200_even_without_a_database_or_broker(settings):
    unreachable = create_session_factory(UNREACHABLE_DATABASE)
    app = create_app(settings=settings, session_factory=unreachable, broker_connected=lambda: False)

    with TestClient(app) as client:
        assert client.get("/health/live").status_code == 200
