"""Run the service's Alembic migrations from code (tests) or the command line (the container)."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import URL

# alembic.ini sits at the service's root, beside src/ (and beside the package in the image).
ALEMBIC_INI = Path(__file__).resolve().parents[2] / "alembic.ini"


def alembic_config(database_url: str | URL) -> Config:
    """Alembic's config for the given database, without touching the logging setup."""
    url = (
        database_url.render_as_string(hide_password=False)
        if isinstance(database_url, URL)
        else database_url
    )
    config = Config(ALEMBIC_INI, attributes={"configure_logger": False})
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(database_url: str | URL) -> None:
    """Bring the database to the newest revision."""
    command.upgrade(alembic_config(database_url), "head")


if __name__ == "__main__":
    # `python -m catalog.migrate`: what the container runs before it starts serving.
    from catalog.settings import Settings

    upgrade(Settings().database_url)
