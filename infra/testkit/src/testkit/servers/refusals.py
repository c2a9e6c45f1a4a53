"""A real database failure, planted for one test: a trigger that refuses the rows it is told to.

Code that must keep two writes together (a change and its outbox event) is proven by making the
database itself fail between them, not by a fake session: the service's own statements run, and
its transaction fails where a constraint, a deadlock or a full disk would make it fail.

    with refusing(engine, table="orders", when=f"NEW.user_id = '{user_id}'", at_commit=True):
        ...  # inserting that user's order fails when its transaction commits
"""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine, text


@dataclass(frozen=True)
class Refusal:
    """The planted trigger; `count()` says how many rows it has refused so far."""

    engine: Engine
    name: str

    def count(self) -> int:
        """Refusals so far: a sequence counts them, since a refusal rolls back all else."""
        with self.engine.connect() as connection:
            last, called = connection.execute(
                text(f"SELECT last_value, is_called FROM {self.name}_count")  # noqa: S608
            ).one()
        return last if called else 0


@contextmanager
def refusing(
    engine: Engine,
    *,
    table: str,
    when: str,
    at_commit: bool = False,
    sqlstate: str = "P0001",
) -> Iterator[Refusal]:
    """Make the database refuse the rows inserted into `table` that match `when`, until the end.

    Args:
        engine: The test's database (the kit's `database` fixture); the trigger is committed,
            so every connection sees it; it is dropped when the block ends. Use it with real
            commits (`committing_session_factory`), not the rollback `session_factory`: the
            DROP waits for every open transaction that has read the table, and that one stays
            open until the test is over.
        table: The table whose inserts are refused.
        when: A condition on the inserted row, ``NEW``, e.g. ``"NEW.user_id = '...'"``; only
            the test's own rows should match it, since other connections see the trigger too.
        at_commit: Refuse at COMMIT (a deferred constraint trigger), after every statement of
            the transaction has succeeded, instead of at the INSERT.
        sqlstate: The error's SQLSTATE: ``P0001`` (raise_exception) reads as a bug to callers;
            ``40001`` (serialization_failure) as a transient failure worth retrying.

    Yields:
        The Refusal, to count the rows refused.
    """
    name = f"testkit_refuse_{uuid.uuid4().hex[:12]}"
    if at_commit:
        # Only constraint triggers can be deferred, and those run AFTER the row is written.
        trigger = (
            f"CREATE CONSTRAINT TRIGGER {name} AFTER INSERT ON {table} "
            "DEFERRABLE INITIALLY DEFERRED"
        )
    else:
        trigger = f"CREATE TRIGGER {name} BEFORE INSERT ON {table}"
    statements = [
        f"CREATE SEQUENCE {name}_count",
        # nextval() is not transactional: the count survives the rollback the refusal causes.
        f"""CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM nextval('{name}_count');
                RAISE EXCEPTION USING ERRCODE = '{sqlstate}', MESSAGE = 'refused by ' || TG_NAME;
            END $$""",
        f"{trigger} FOR EACH ROW WHEN ({when}) EXECUTE FUNCTION {name}()",
    ]
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))
    try:
        yield Refusal(engine, name)
    finally:
        with engine.begin() as connection:
            connection.execute(text(f"DROP TRIGGER {name} ON {table}"))
            connection.execute(text(f"DROP FUNCTION {name}()"))
            connection.execute(text(f"DROP SEQUENCE {name}_count"))
