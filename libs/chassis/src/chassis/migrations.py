"""Running a service's Alembic migrations from code (tests) or the command line (the container)."""

from collections.abc import Callable
from logging.config import fileConfig
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from sqlalchemy import MetaData, create_engine
from sqlalchemy.engine import URL


def alembic_config(alembic_ini: Path, database_url: str | URL) -> Config:
    """Alembic's config for the given database, without touching the logging setup."""
    url = (
        database_url.render_as_string(hide_password=False)
        if isinstance(database_url, URL)
        else database_url
    )
    config = Config(alembic_ini, attributes={"configure_logger": False})
    # configparser reads % as interpolation: a URL-encoded password must survive it.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(alembic_ini: Path, database_url: str | URL) -> None:
    """Bring the database to the newest revision of the migrations `alembic_ini` names."""
    command.upgrade(alembic_config(alembic_ini, database_url), "head")


def run_migrations_online(
    context: EnvironmentContext, target_metadata: MetaData, default_url: Callable[[], str]
) -> None:
    """The body of a service's migrations/env.py: migrate the database Alembic was given.

    Args:
        context: `alembic.context`, as env.py sees it.
        target_metadata: The service's metadata, which `alembic check` compares with the database.
        default_url: The service's own database URL, read only when Alembic was given none
            (`alembic upgrade head` from a shell, with the service's settings in the environment).
    """
    config = context.config
    if config.config_file_name and config.attributes.get("configure_logger", True):
        fileConfig(config.config_file_name, disable_existing_loggers=False)
    engine = create_engine(config.get_main_option("sqlalchemy.url") or default_url())
    try:
        with engine.connect() as connection:
            context.configure(
                connection=connection, target_metadata=target_metadata, compare_type=True
            )
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()
