"""The checks every service's migrations must pass, written once; a service's test subclasses them.

    class TestMigrations(MigrationChecks):
        alembic_ini = ALEMBIC_INI
        metadata = Base.metadata

The class is not named Test*, so pytest collects its tests only in the service's subclass.
"""

from pathlib import Path
from typing import ClassVar

from alembic import command
from sqlalchemy import Engine, MetaData, create_engine, inspect

from chassis.migrations import alembic_config
from testkit.postgres import PostgresServer


class MigrationChecks:
    """Migrations applied from empty, in step with the models, and reversible."""

    alembic_ini: ClassVar[Path]
    # The service's models: what `upgrade head` must build, table for table.
    metadata: ClassVar[MetaData]

    def test_the_migrations_match_the_models(self, database: Engine) -> None:
        # `alembic check` fails when autogenerate would write a new migration.
        command.check(alembic_config(self.alembic_ini, database.url))

    def test_downgrade_to_empty_then_upgrade_again(self, postgres: PostgresServer) -> None:
        with postgres.temporary_database("migrations") as url:
            config = alembic_config(self.alembic_ini, url)
            engine = create_engine(url)
            try:
                command.upgrade(config, "head")
                command.downgrade(config, "base")
                assert inspect(engine).get_table_names() == ["alembic_version"]
                command.upgrade(config, "head")
                assert set(inspect(engine).get_table_names()) == {
                    "alembic_version",
                    *self.metadata.tables,
                }
            finally:
                engine.dispose()
