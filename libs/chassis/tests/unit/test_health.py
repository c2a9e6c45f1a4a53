"""Liveness answers while the process does; readiness waits for the database and every probe."""

from dataclasses import dataclass

from fakes import FakeSessionFactory
from fastapi.testclient import TestClient

from chassis.app import create_service_app
from chassis.errors import PROBLEM_JSON


@dataclass
class Probe:
    """A worker that reports its connection, as a consumer does."""

    is_connected: bool

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass


def client_of(sessions: FakeSessionFactory, *probes: Probe) -> TestClient:
    app = create_service_app(
        title="test", session_factory=sessions, api_tokens={}, routers=[], workers=probes
    )
    return TestClient(app)


def test_live_is_ok_without_asking_the_database():
    sessions = FakeSessionFactory()

    response = client_of(sessions, Probe(is_connected=False)).get("/health/live")

    assert (response.status_code, response.json()) == (200, {"status": "ok"})
    assert sessions.sessions == []


def test_ready_is_ok_when_the_database_answers_and_every_probe_is_connected():
    sessions = FakeSessionFactory()

    response = client_of(sessions, Probe(True), Probe(True)).get("/health/ready")

    assert (response.status_code, response.json()) == (200, {"status": "ok"})
    assert [session.executed for session in sessions.sessions] == [["SELECT 1"]]


def test_ready_is_a_503_problem_while_one_probe_is_not_connected():
    response = client_of(FakeSessionFactory(), Probe(True), Probe(False)).get("/health/ready")

    assert response.status_code == 503
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.json()["detail"] == "the broker is not connected"
    assert response.headers["Retry-After"].isdigit()
