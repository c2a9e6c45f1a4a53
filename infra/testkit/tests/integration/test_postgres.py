"""The kit's Postgres: a real server, temporary databases, and rollback isolation."""

import pytest
from sqlalchemy import Engine, create_engine, text

from testkit.servers.isolation import rollback_session_factory
from testkit.servers.postgres import PostgresServer


@pytest.fixture(scope="module")
def engine(postgres: PostgresServer):
    with postgres.temporary_database("testkit") as url:
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(
                text("CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL)")
            )
        yield engine
        engine.dispose()


def count_notes(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(text("SELECT count(*) FROM notes")).scalar_one()


def test_a_row_written_is_read_back_from_a_real_postgres(engine):
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO notes (body) VALUES ('round trip')"))
        version = connection.execute(text("SHOW server_version")).scalar_one()
        body = connection.execute(
            text("SELECT body FROM notes WHERE body = 'round trip'")
        ).scalar_one()
        connection.execute(text("DELETE FROM notes"))

    assert body == "round trip"
    assert version.split(".")[0].isdigit()


def test_a_temporary_database_is_dropped_afterwards(postgres: PostgresServer):
    with postgres.temporary_database("testkit") as url:
        name = url.database
        with postgres.connect() as admin:
            assert admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()

    with postgres.connect() as admin:
        assert (
            admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None
        )


def test_commits_inside_the_rollback_factory_are_seen_then_undone(engine):
    with rollback_session_factory(engine) as session_factory:
        with session_factory() as session:
            session.execute(text("INSERT INTO notes (body) VALUES ('committed by the code')"))
            session.commit()
        with session_factory() as session:
            seen = session.execute(text("SELECT count(*) FROM notes")).scalar_one()

    assert seen == 1
    assert count_notes(engine) == 0


def test_a_rollback_in_the_code_under_test_keeps_earlier_commits(engine):
    with rollback_session_factory(engine) as session_factory, session_factory() as session:
        session.execute(text("INSERT INTO notes (body) VALUES ('kept')"))
        session.commit()
        session.execute(text("INSERT INTO notes (body) VALUES ('rolled back')"))
        session.rollback()
        bodies = session.execute(text("SELECT body FROM notes")).scalars().all()

    assert bodies == ["kept"]
