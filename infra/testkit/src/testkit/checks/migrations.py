"""The checks every service's migrations must pass, written once; a service's test subclasses them.

    class TestMigrations(MigrationChecks):
        alembic_ini = ALEMBIC_INI
        metadata = Base.metadata

        def test_0002_backfills_the_rows_0001_left(self, postgres):
            with self.database_at(postgres, "0001") as database:
                database.execute("INSERT INTO ...", ...)
                database.upgrade("0002")
                assert database.execute("SELECT ...") == [...]

The class is not named Test*, so pytest collects its tests only in the service's subclass.
"""

from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData, Row, inspect, text
from sqlalchemy.engine import URL

from chassis.migrations import alembic_config
from testkit.servers.databases import migrated_database
from testkit.servers.postgres import PostgresServer


@dataclass(frozen=True)
class MigratingDatabase:
    """A database of a test's own, whose schema the test moves one revision at a time."""

    config: Config
    engine: Engine

    def upgrade(self, revision: str) -> None:
        command.upgrade(self.config, revision)

    def downgrade(self, revision: str) -> None:
        command.downgrade(self.config, revision)

    @property
    def revision(self) -> str | None:
        """The revision the database is at (None when empty)."""
        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def execute(self, statement: str, parameters: Mapping[str, Any] | None = None) -> list[Row]:
        """Run one SQL statement in a transaction of its own; its rows, if it returns any.

        Plain SQL, not the models: rows are arranged as the old revision's schema has them,
        which the models (always at head) no longer describe.
        """
        with self.engine.begin() as connection:
            result = connection.execute(text(statement), dict(parameters or {}))
            return list(result) if result.returns_rows else []

    def columns(self, table: str) -> set[str]:
        """The names of the columns `table` has now, at the database's current revision."""
        return {column["name"] for column in inspect(self.engine).get_columns(table)}


@contextmanager
def database_at(
    postgres: PostgresServer, alembic_ini: Path, revision: str
) -> Iterator[MigratingDatabase]:
    """A new database migrated to `revision` (not head), dropped afterwards.

    For a data migration's test: rows are put in at the revision before it, then the test
    upgrades and asserts what became of them, and downgrades again.
    """

    def upgrade(url: URL) -> None:
        command.upgrade(alembic_config(alembic_ini, url), revision)

    with migrated_database(postgres, "migrating", upgrade) as engine:
        yield MigratingDatabase(alembic_config(alembic_ini, engine.url), engine)


class MigrationChecks:
    """Migrations applied from empty, in step with the models, reversible, in one line."""

    alembic_ini: ClassVar[Path]
    # The service's models: what `upgrade head` must build, table for table.
    metadata: ClassVar[MetaData]

    def database_at(
        self, postgres: PostgresServer, revision: str
    ) -> AbstractContextManager[MigratingDatabase]:
        """This service's database at `revision` (`testkit.checks.migrations.database_at`)."""
        return database_at(postgres, self.alembic_ini, revision)

    def test_the_migrations_match_the_models(self, database: Engine) -> None:
        # `alembic check` fails when autogenerate would write a new migration.
        command.check(alembic_config(self.alembic_ini, database.url))

    def test_the_migrations_have_one_head(self) -> None:
        # Two revisions written side by side on the same parent: `upgrade head` would refuse.
        script = ScriptDirectory.from_config(Config(self.alembic_ini))
        assert len(script.get_heads()) == 1, f"more than one head: {script.get_heads()}"

    def test_downgrade_to_empty_then_upgrade_again(self, postgres: PostgresServer) -> None:
        with self.database_at(postgres, "head") as database:
            database.downgrade("base")
            assert inspect(database.engine).get_table_names() == ["alembic_version"]
            database.upgrade("head")
            assert set(inspect(database.engine).get_table_names()) == {
                "alembic_version",
                *self.metadata.tables,
            }
