"""Running a service's Alembic migrations from code (tests) or the command line (the container)."""

from pathlib import Path

from alembic import command
from alembic.config import Config
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
