"""The database engine and session factory; made by a service's main, never at import time."""

import math

from sqlalchemy import MetaData, create_engine
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


def create_session_factory(
    database_url: str, *, timeout_seconds: float = 5.0
) -> sessionmaker[Session]:
    """Sessions on a pooled engine; objects stay readable after commit for the response.

    Connecting, waiting for a pooled connection and every statement (lock waits included) are
    bounded by `timeout_seconds`, so a slow database becomes an OperationalError (a 503).
    """
    engine = create_engine(
        database_url,
        pool_pre_ping=True,
        pool_timeout=timeout_seconds,
        connect_args={
            # libpq takes whole seconds here.
            "connect_timeout": max(1, math.ceil(timeout_seconds)),
            "options": f"-c statement_timeout={int(timeout_seconds * 1000)}",
        },
    )
    return sessionmaker(engine, expire_on_commit=False)
