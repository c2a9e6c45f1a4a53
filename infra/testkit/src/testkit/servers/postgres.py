"""A Postgres server the tests may create databases on."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
from psycopg import sql
from sqlalchemy.engine import URL, make_url

from testkit.data import unique_name


@dataclass(frozen=True)
class PostgresServer:
    """A running server, reached through a libpq URL whose user may CREATE DATABASE."""

    url: str

    def connect(self, database: str | None = None) -> psycopg.Connection:
        """An autocommit connection to `database` (default: the URL's own)."""
        params = {"dbname": database} if database else {}
        return psycopg.connect(self.url, autocommit=True, connect_timeout=5, **params)

    def sqlalchemy_url(self, database: str) -> URL:
        """The SQLAlchemy URL (psycopg 3 driver) of a database on this server."""
        return make_url(self.url).set(drivername="postgresql+psycopg", database=database)

    @contextmanager
    def temporary_database(self, prefix: str) -> Iterator[URL]:
        """Create an empty database with a unique name; drop it afterwards.

        A unique name lets several test runs share one server (the CI-services pattern)
        without seeing each other's data.
        """
        name = unique_name(prefix).replace("-", "_")
        with self.connect() as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield self.sqlalchemy_url(name)
        finally:
            with self.connect() as admin:
                admin.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )
