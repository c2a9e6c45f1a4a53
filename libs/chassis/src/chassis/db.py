"""The database engine and session factory; made by a service's main, never at import time."""

import math
import select
from typing import Any

from sqlalchemy import Engine, MetaData, create_engine, event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

# Named constraints, so that migrations can refer to them and `alembic check` can compare them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def service_metadata() -> MetaData:
    """The metadata of a service's models (its DeclarativeBase), with the naming convention."""
    return MetaData(naming_convention=NAMING_CONVENTION)


# Connections the pool keeps open: as many as a service's requests (the thread pool runs up to
# 40 at once) and workers use at once on a busy moment. One beyond it (the pool's overflow) is
# connected for one use and closed, a Postgres backend started each time: at 5, the default,
# a loaded service spent a tenth of its time connecting (users, py-spy at 15 orders/s).
POOL_SIZE = 20
POOL_OVERFLOW = 20


def create_session_factory(
    database_url: str, *, timeout_seconds: float = 5.0
) -> sessionmaker[Session]:
    """Sessions on a pooled engine; objects stay readable after commit for the response.

    Connecting, waiting for a pooled connection and every statement (lock waits included) are
    bounded by `timeout_seconds`, so a slow database becomes an OperationalError (a 503).
    """
    engine = create_engine(
        database_url,
        pool_size=POOL_SIZE,
        max_overflow=POOL_OVERFLOW,
        pool_timeout=timeout_seconds,
        connect_args={
            # libpq takes whole seconds here.
            "connect_timeout": max(1, math.ceil(timeout_seconds)),
            "options": f"-c statement_timeout={int(timeout_seconds * 1000)}",
        },
    )
    discard_closed_connections(engine)
    return sessionmaker(engine, expire_on_commit=False)


def discard_closed_connections(engine: Engine) -> None:
    """A pooled connection the server has closed is replaced when it is checked out.

    What `pool_pre_ping` did with a `SELECT 1` round trip on every checkout (5-9 % of a
    service's busy time under load, py-spy: every request, delivery and relay round checks one
    out), this does without asking the server: an idle connection has nothing to read unless
    the server has spoken, and a server that restarts or ends the session says so (its FATAL
    notice, then end of file). Such a connection is discarded (DisconnectionError: the pool
    connects anew).
    """

    @event.listens_for(engine, "checkout")
    def refuse_closed(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        if dbapi_connection.closed or server_has_spoken(dbapi_connection.fileno()):
            raise DisconnectionError("the database closed this pooled connection")


def server_has_spoken(socket: int) -> bool:
    """Whether an idle connection's socket has something to read (or hung up): its goodbye."""
    poller = select.poll()
    poller.register(socket, select.POLLIN)
    return bool(poller.poll(0))
