"""One set of servers per nox run: a session fails for the servers it asked for, not another's."""

import threading
from pathlib import Path

import pytest

from testkit.servers import shared_servers

POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


class SessionError(Exception):
    pass


class Session:
    """What shared_servers calls of a nox session; `error` stops the session, as nox's does."""

    def log(self, message: str) -> None:
        pass

    def error(self, message: str) -> None:
        raise SessionError(message)


@pytest.fixture(autouse=True)
def rabbitmq_failed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both servers were started for this run; RabbitMQ could not be, Postgres is still starting."""
    for variable in shared_servers.VARIABLES.values():
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setattr(shared_servers, "_served", {})
    monkeypatch.setattr(shared_servers, "_started", {"postgres", "rabbitmq"})
    monkeypatch.setattr(shared_servers, "_failed", set())
    monkeypatch.setattr(shared_servers, "_file", tmp_path / "servers.env")
    shared_servers._record(failed=["rabbitmq"])


def test_a_session_waits_for_its_server_though_another_could_not_be_started(tmp_path: Path):
    served = {"TEST_POSTGRES_URL": POSTGRES_URL}
    writer = threading.Timer(0.1, shared_servers._record, kwargs={"served": served})
    writer.start()

    assert shared_servers.wait(Session(), tmp_path, ("postgres",), {}) == served
    writer.join()


def test_a_session_is_not_failed_by_a_server_it_did_not_ask_for():
    shared_servers.check(Session(), ("postgres",))


def test_a_session_is_failed_by_a_server_it_asked_for_that_could_not_be_started(tmp_path: Path):
    with pytest.raises(SessionError, match=r"^could not provide rabbitmq \(message above\)$"):
        shared_servers.check(Session(), ("postgres", "rabbitmq"))
    with pytest.raises(SessionError, match=r"^could not provide rabbitmq \(message above\)$"):
        shared_servers.wait(Session(), tmp_path, ("postgres", "rabbitmq"), {})


def test_an_image_that_cannot_be_had_stops_the_session_before_anything_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(shared_servers, "_started", set())
    asked = []
    monkeypatch.setattr(
        shared_servers.images,
        "unavailable",
        lambda variables, env: asked.append(variables) or "absent/pg:1 (POSTGRES_IMAGE) is not ...",
    )
    monkeypatch.setattr(shared_servers.subprocess, "Popen", pytest.fail)

    with pytest.raises(SessionError, match=r"^absent/pg:1 \(POSTGRES_IMAGE\)"):
        shared_servers.start(Session(), tmp_path, ("postgres",), {})
    assert asked == [["POSTGRES_IMAGE"]]
