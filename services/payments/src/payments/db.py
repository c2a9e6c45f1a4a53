"""The database engine and session factory; made by main.build_app, never at import time."""

from sqlalchemy import MetaData, create_engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

# Named constraints, so that migrations can refer to them and `alembic check` can compare them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of the service's models; Alembic compares migrations against its metadata."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def create_session_factory(database_url: str) -> sessionmaker[Session]:
    """Sessions on a pooled engine; objects stay readable after commit for the response."""
    engine = create_engine(database_url, pool_pre_ping=True)
    return sessionmaker(engine, expire_on_commit=False)
