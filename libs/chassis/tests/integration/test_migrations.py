"""`chassis.migrations.upgrade` on a tiny Alembic tree of the tests' own, on the real Postgres."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from psycopg import sql
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from chassis.migrations import upgrade
from testkit.data import unique_name
from testkit.servers.postgres import PostgresServer

ALEMBIC_INI = Path(__file__).parent / "alembic_tree" / "alembic.ini"
# Syntax of URLs (@ : / space) and of configparser (%): all of it must reach libpq unharmed.
PASSWORD = "p%40ss w:rd/%"  # noqa: S105 (a throwaway role's password)


@contextmanager
def role_with_schema(postgres: PostgresServer, password: str) -> Iterator[str]:
    """A role that logs in with `password`, and a schema of the same name it owns; both dropped.

    A schema in the run's database rather than a database of its own: as isolated here, and
    spares a CREATE and a DROP DATABASE (about a second on a busy machine).
    """
    role = unique_name("chassis_migrator").replace("-", "_")
    name = sql.Identifier(role)
    with postgres.connect() as admin:
        admin.execute(
            sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(name, sql.Literal(password))
        )
        admin.execute(sql.SQL("CREATE SCHEMA {0} AUTHORIZATION {0}").format(name))
    try:
        yield role
    finally:
        with postgres.connect() as admin:
            admin.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(name))
            admin.execute(sql.SQL("DROP ROLE {}").format(name))


@pytest.fixture(scope="module")
def migrated(postgres: PostgresServer) -> Iterator[tuple[URL, str]]:
    """Upgraded by a role, through a URL with its password and its schema as the search path."""
    with role_with_schema(postgres, PASSWORD) as role:
        url = postgres.sqlalchemy_url(make_url(postgres.url).database).set(
            username=role, password=PASSWORD, query={"options": f"-csearch_path={role}"}
        )
        upgrade(ALEMBIC_INI, url)
        yield url, role


def state_of(url: URL) -> tuple[str, str]:
    """The schema's Alembic revision, and who owns the table its migration made."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            revision = connection.scalar(text("SELECT version_num FROM alembic_version"))
            owner = connection.scalar(
                text(
                    "SELECT tableowner FROM pg_tables"
                    " WHERE schemaname = current_schema() AND tablename = 'notes'"
                )
            )
            return revision, owner
    finally:
        engine.dispose()


def test_upgrade_migrates_to_head_as_the_role_password_and_options_of_the_url(migrated):
    url, role = migrated

    assert state_of(url) == ("0001", role)


def test_upgrading_a_database_at_head_changes_nothing_and_leaves_the_callers_logging_alone(
    migrated,
):
    url, role = migrated
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)

    upgrade(ALEMBIC_INI, url.render_as_string(hide_password=False))  # a URL as text, this time

    assert state_of(url) == ("0001", role)
    assert (root.level, root.handlers) == (level, handlers)
