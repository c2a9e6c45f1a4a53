"""Alembic environment: migrations run online against the URL the caller gives."""

from logging.config import fileConfig

from alembic import context
from catalog import models  # noqa: F401  (registers the tables on Base.metadata)
from catalog.db import Base
from catalog.settings import Settings
from sqlalchemy import create_engine

config = context.config
if config.config_file_name and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def database_url() -> str:
    return config.get_main_option("sqlalchemy.url") or Settings().database_url


def run_migrations() -> None:
    engine = create_engine(database_url())
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata, compare_type=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations()
