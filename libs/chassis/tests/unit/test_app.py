"""The app every service starts from: its dependencies and its workers' lifetimes."""

from typing import Annotated

import pytest
from fakes import FakeSessionFactory
from fastapi import APIRouter, Depends
from fastapi.testclient import TestClient
from sqlalchemy import text

from chassis.app import create_service_app
from chassis.deps import SessionDep, provided


class Greeter:
    """A service's own dependency (a REST client, a publisher), handed in by type."""

    def __init__(self, greeting: str) -> None:
        self.greeting = greeting


GreeterDep = Annotated[Greeter, Depends(provided(Greeter))]


def routes() -> APIRouter:
    router = APIRouter()

    @router.get("/greeting")
    def greeting(greeter: GreeterDep) -> str:
        return greeter.greeting

    @router.get("/query")
    def query(session: SessionDep) -> str:
        session.execute(text("SELECT 42"))
        return "done"

    return router


def app_with(**options):
    defaults = {"title": "test", "session_factory": FakeSessionFactory(), "api_tokens": {}}
    return create_service_app(**{**defaults, "routers": [routes()], **options})


def test_a_route_gets_what_its_app_was_given_for_the_type_and_apps_do_not_share_it():
    hello = TestClient(app_with(provides={Greeter: Greeter("hello")}))
    hi = TestClient(app_with(provides={Greeter: Greeter("hi")}))

    assert (hello.get("/greeting").json(), hi.get("/greeting").json()) == ("hello", "hi")


def test_a_route_gets_a_session_of_the_apps_factory_closed_after_the_response():
    sessions = FakeSessionFactory()

    response = TestClient(app_with(session_factory=sessions)).get("/query")

    assert response.status_code == 200
    [session] = sessions.sessions
    assert session.executed == ["SELECT 42"]
    assert session.closed


class RecordingWorker:
    def __init__(self, name: str, log: list[str], fail_to_start: bool = False) -> None:
        self.name, self.log, self.fail_to_start = name, log, fail_to_start

    def start(self) -> None:
        if self.fail_to_start:
            raise RuntimeError(f"{self.name} cannot start")
        self.log.append(f"start {self.name}")

    def stop(self) -> None:
        self.log.append(f"stop {self.name}")


def test_workers_start_with_the_app_in_order_and_stop_with_it_in_reverse():
    log: list[str] = []
    workers = [RecordingWorker("consumer", log), RecordingWorker("relay", log)]

    with TestClient(app_with(workers=workers)):
        assert log == ["start consumer", "start relay"]

    assert log == ["start consumer", "start relay", "stop relay", "stop consumer"]


def test_a_worker_that_fails_to_start_stops_the_ones_already_started():
    log: list[str] = []
    workers = [RecordingWorker("consumer", log), RecordingWorker("relay", log, fail_to_start=True)]

    with (
        pytest.raises(RuntimeError, match="relay cannot start"),
        TestClient(app_with(workers=workers)),
    ):
        pass

    assert log == ["start consumer", "stop consumer"]
