"""A database that is down, or too slow, is a 503 problem from the chassis' app: never a hang.

The sessions come from `create_session_factory`, whose connect, pool and statement timeouts
(as every service now gets them) turn waiting into an error the app answers with a 503.
"""

import contextlib
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, select, text
from sqlalchemy.exc import TimeoutError as PoolTimeout

from chassis.app import create_service_app
from chassis.db import create_session_factory
from chassis.deps import SessionDep
from chassis.errors import PROBLEM_JSON

UNREACHABLE_DATABASE = "postgresql+psycopg://nobody@127.0.0.1:1/none"
TIMEOUT = 0.3


def client_on(session_factory, tables) -> TestClient:
    router = APIRouter()

    @router.get("/effects/{effect_id}")
    def lock(effect_id: int, session: SessionDep) -> int:
        # FOR UPDATE: waits for whoever holds the row, as a write would.
        query = select(tables.effects.c.id).where(tables.effects.c.id == effect_id)
        return session.scalar(query.with_for_update())

    app = create_service_app(
        title="test", session_factory=session_factory, api_tokens={}, routers=[router]
    )
    return TestClient(app)


def assert_database_problem(response) -> None:
    assert response.status_code == 503
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.json()["detail"] == "the database is not available; try again later"


def url_of(database) -> str:
    return database.url.render_as_string(hide_password=False)


def test_a_request_while_the_database_cannot_be_reached_is_a_503_problem(tables):
    client = client_on(create_session_factory(UNREACHABLE_DATABASE, timeout_seconds=1), tables)

    assert_database_problem(client.get("/effects/1"))


def test_ready_is_a_503_problem_while_the_database_does_not_answer_and_live_is_still_ok(tables):
    client = client_on(create_session_factory(UNREACHABLE_DATABASE, timeout_seconds=1), tables)

    ready = client.get("/health/ready")

    assert (ready.status_code, ready.headers["content-type"]) == (503, PROBLEM_JSON)
    assert ready.json()["detail"] == "the database does not answer"
    assert client.get("/health/live").status_code == 200


@pytest.fixture
def effect_id(committing_session_factory, tables) -> int:
    with committing_session_factory() as session, session.begin():
        insert = (
            tables.effects.insert().values(event_id=uuid.uuid4()).returning(tables.effects.c.id)
        )
        return session.scalar(insert)


def test_a_request_blocked_by_a_lock_is_a_503_after_the_statement_timeout_not_a_hang(
    database, tables, effect_id
):
    factory = create_session_factory(url_of(database), timeout_seconds=TIMEOUT)
    client = client_on(factory, tables)
    with database.connect() as holder, ThreadPoolExecutor(max_workers=1) as pool:
        holder.execute(
            select(tables.effects).where(tables.effects.c.id == effect_id).with_for_update()
        )
        started = time.monotonic()
        try:
            # A request that hung would fail here; letting go of the lock then frees it.
            response = pool.submit(client.get, f"/effects/{effect_id}").result(timeout=5)
        finally:
            holder.rollback()
    waited = time.monotonic() - started
    factory.kw["bind"].dispose()

    assert_database_problem(response)
    assert waited >= TIMEOUT  # it really waited for the lock, then gave up


def check_out_all(engine: Engine, held: list[Connection]) -> None:
    """Take pooled connections into `held` until the pool has none left to give in time."""
    with contextlib.suppress(PoolTimeout):
        while True:
            held.append(engine.connect())


def test_a_request_that_finds_no_free_pooled_connection_in_time_is_a_503(database, tables):
    factory = create_session_factory(url_of(database), timeout_seconds=TIMEOUT)
    engine, held = factory.kw["bind"], []
    try:
        check_out_all(engine, held)
        response = client_on(factory, tables).get("/effects/1")
    finally:
        for connection in held:
            connection.close()
        engine.dispose()

    assert held  # the pool gave out real connections before it ran dry
    assert_database_problem(response)


def test_a_pooled_connection_the_server_ended_is_replaced_not_an_error(database, tables):
    """A database restarted (here: the pooled session's backend ended) between two requests:
    the pool hands out a new connection, and the next request is answered as usual."""
    factory = create_session_factory(url_of(database), timeout_seconds=TIMEOUT)
    try:
        with factory() as session:
            ended = session.scalar(text("SELECT pg_backend_pid()"))
        with database.connect() as admin:
            admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": ended})
            gone = text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid")
            deadline = time.monotonic() + 5
            while admin.execute(gone, {"pid": ended}).scalar():
                admin.rollback()  # the statistics are read once per transaction
                assert time.monotonic() < deadline, "the backend did not end"
                time.sleep(0.01)

        with factory() as session:
            now = session.scalar(text("SELECT pg_backend_pid()"))

        assert now != ended
    finally:
        factory.kw["bind"].dispose()


def test_connections_used_at_once_stay_open_for_the_next_ones(database):
    """Ten sessions at once, then ten again: the same ten server backends, none connected anew
    (with the pool's default of five kept, five of them were new each time)."""
    factory = create_session_factory(url_of(database), timeout_seconds=TIMEOUT)
    pid = text("SELECT pg_backend_pid()")

    def ten_at_once() -> set[int]:
        sessions = [factory() for _ in range(10)]
        try:
            return {session.scalar(pid) for session in sessions}
        finally:
            for session in sessions:
                session.close()

    try:
        first, second = ten_at_once(), ten_at_once()
    finally:
        factory.kw["bind"].dispose()

    assert len(first) == 10
    assert second == first
