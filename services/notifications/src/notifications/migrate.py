"""The service's Alembic migrations, run from code (tests) or the command line (the container)."""

from pathlib import Path

from sqlalchemy.engine import URL

from chassis import migrations

# alembic.ini sits at the service's root, beside src/ (and beside the package in the image).
ALEMBIC_INI = Path(__file__).resolve().parents[2] / "alembic.ini"


def upgrade(database_url: str | URL) -> None:
    """Bring the database to the newest revision."""
    migrations.upgrade(ALEMBIC_INI, database_url)


if __name__ == "__main__":
    # `python -m notifications.migrate`: the compose stack's one-shot `notifications-migrate`,
    # which the service waits for; it reads the migrator's URL alone, not the service's settings.
    from chassis.settings import migration_url
    from notifications.settings import Settings

    upgrade(migration_url(Settings.model_config["env_prefix"]))
