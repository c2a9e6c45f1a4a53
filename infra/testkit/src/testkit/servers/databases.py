"""Migrated databases and the sessions tests use on them, for any service's migrations."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import URL

from testkit.servers.postgres import PostgresServer

# A service's `upgrade(database_url)`: `alembic upgrade head` on that database.
Upgrade = Callable[[URL], None]


@contextmanager
def migrated_database(postgres: PostgresServer, prefix: str, upgrade: Upgrade) -> Iterator[Engine]:
    """A database of this run's own, built by the service's migrations, never by create_all.

    Args:
        postgres: The server to create it on.
        prefix: The start of its unique name, e.g. ``"payments_relay"``.
        upgrade: The service's migration runner.

    Yields:
        An engine on the migrated database, which is dropped afterwards.
    """
    with postgres.temporary_database(prefix) as url:
        upgrade(url)
        engine = create_engine(url)
        try:
            yield engine
        finally:
            engine.dispose()
