"""Readiness reports the database: 200 when it answers, 503 when it does not."""

from fastapi.testclient import TestClient
from users.app import create_app
from users.db import create_session_factory


def test_ready_is_503_when_the_database_does_not_answer(settings):
    unreachable = create_session_factory("postgresql+psycopg://nobody@127.0.0.1:1/none")
    app = create_app(settings=settings, session_factory=unreachable)

    with TestClient(app) as client:
        response = client.get("/health/ready")

    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"


def test_live_is_200_even_without_a_database(settings):
    unreachable = create_session_factory("postgresql+psycopg://nobody@127.0.0.1:1/none")

    with TestClient(create_app(settings=settings, session_factory=unreachable)) as client:
        assert client.get("/health/live").status_code == 200


def test_a_request_while_the_database_is_down_is_a_503_problem_not_a_500(settings):
    unreachable = create_session_factory("postgresql+psycopg://nobody@127.0.0.1:1/none")

    with TestClient(create_app(settings=settings, session_factory=unreachable)) as client:
        response = client.get("/users", headers={"Authorization": "Bearer reader-token"})

    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
