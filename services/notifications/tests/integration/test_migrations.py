"""Migrations: applied from empty, in step with the models, and reversible."""

from alembic import command
from notifications.migrate import ALEMBIC_INI
from sqlalchemy import create_engine, inspect

from chassis.migrations import alembic_config
from testkit import PostgresServer


def test_the_migrations_match_the_models(database):
    # `alembic check` fails when autogenerate would write a new migration.
    command.check(alembic_config(ALEMBIC_INI, database.url))


def test_downgrade_to_empty_then_upgrade_again(postgres: PostgresServer):
    with postgres.temporary_database("notifications_migrations") as url:
        config = alembic_config(ALEMBIC_INI, url)
        engine = create_engine(url)
        try:
            command.upgrade(config, "head")
            command.downgrade(config, "base")
            assert inspect(engine).get_table_names() == ["alembic_version"]
            command.upgrade(config, "head")
            assert {"notifications", "processed_messages"} <= set(inspect(engine).get_table_names())
        finally:
            engine.dispose()
