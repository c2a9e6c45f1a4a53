"""Readiness reports the database and the consumer: 200 when both are up, 503 otherwise."""

from catalog.app import create_app
from catalog.consumer import Consumer
from catalog.db import create_session_factory
from fastapi.testclient import TestClient

UNREACHABLE_DATABASE = "postgresql+psycopg://nobody@127.0.0.1:1/none"
UNREACHABLE_BROKER = "amqp://guest:guest@127.0.0.1:1/%2F"


def test_ready_is_503_when_the_database_does_not_answer(settings):
    app = create_app(
        settings=settings, session_factory=create_session_factory(UNREACHABLE_DATABASE)
    )

    with TestClient(app) as client:
        response = client.get("/health/ready")

    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"


def test_a_request_while_the_database_is_down_is_a_503_not_a_500(settings):
    app = create_app(
        settings=settings, session_factory=create_session_factory(UNREACHABLE_DATABASE)
    )

    with TestClient(app, headers={"Authorization": "Bearer reader-token"}) as client:
        response = client.get("/products")

    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"


def test_live_is_200_even_without_a_database(settings):
    app = create_app(
        settings=settings, session_factory=create_session_factory(UNREACHABLE_DATABASE)
    )

    with TestClient(app) as client:
        assert client.get("/health/live").status_code == 200


def test_ready_is_200_once_the_consumer_is_connected(settings, session_factory, start_consumer):
    consumer = start_consumer()
    app = create_app(settings=settings, session_factory=session_factory)
    app.state.workers = (consumer,)

    with TestClient(app) as client:
        assert client.get("/health/ready").status_code == 200


def test_ready_is_503_while_the_consumer_cannot_reach_the_broker(settings, session_factory):
    consumer = Consumer(
        UNREACHABLE_BROKER,
        session_factory,
        {},
        exchange="e",
        queue_prefix="p",
        backoff_seconds=0.01,
    )
    app = create_app(settings=settings, session_factory=session_factory, workers=[consumer])

    with TestClient(app) as client:
        response = client.get("/health/ready")

    assert response.status_code == 503
    assert "broker" in response.json()["detail"]
