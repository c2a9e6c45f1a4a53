"""refusing: the database itself fails the rows a test names, at the INSERT or at COMMIT."""

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError, OperationalError

from testkit.servers.postgres import PostgresServer
from testkit.servers.refusals import refusing


@pytest.fixture(scope="module")
def engine(postgres: PostgresServer):
    with postgres.temporary_database("testkit") as url:
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE things (id int PRIMARY KEY, kind text)"))
        yield engine
        engine.dispose()


def kinds(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return list(connection.execute(text("SELECT kind FROM things ORDER BY id")).scalars())


def insert(connection, id_: int, kind: str) -> None:
    connection.execute(text("INSERT INTO things VALUES (:id, :kind)"), {"id": id_, "kind": kind})


def test_a_matching_row_is_refused_at_its_insert_and_counted(engine):
    with refusing(engine, table="things", when="NEW.kind = 'bad'") as refusal:
        with pytest.raises(DBAPIError, match="refused by"), engine.begin() as connection:
            insert(connection, 1, "bad")
        with engine.begin() as connection:
            insert(connection, 2, "good")

        assert refusal.count() == 1
    assert kinds(engine) == ["good"]
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM things"))


def test_at_commit_every_statement_succeeds_and_the_commit_fails_taking_all_with_it(engine):
    with refusing(engine, table="things", when="NEW.kind = 'bad'", at_commit=True) as refusal:
        connection = engine.connect()
        try:
            connection.begin()
            insert(connection, 1, "good")
            insert(connection, 2, "bad")  # accepted for now
            assert refusal.count() == 0
            with pytest.raises(DBAPIError, match="refused by"):
                connection.commit()
        finally:
            connection.close()

        assert refusal.count() == 1
    assert kinds(engine) == []


def test_a_refusal_can_read_as_transient_and_the_trigger_is_gone_after_the_block(engine):
    with (
        refusing(engine, table="things", when="true", sqlstate="40001"),
        pytest.raises(OperationalError),
        engine.begin() as connection,
    ):
        insert(connection, 1, "any")

    with engine.begin() as connection:
        insert(connection, 1, "any")
        connection.execute(text("DELETE FROM things"))
    with engine.connect() as connection:
        left = connection.execute(text("SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal"))
        assert left.scalar_one() == 0
