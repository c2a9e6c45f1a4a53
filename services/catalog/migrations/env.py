"""Alembic environment: the catalog models, migrated online against the URL the caller gives."""

from alembic import context
from catalog.models import Base  # with every table of the service, the inbox's included
from catalog.settings import Settings

from chassis.migrations import run_migrations_online
from chassis.settings import migration_url

run_migrations_online(
    context, Base.metadata, default_url=lambda: migration_url(Settings.model_config["env_prefix"])
)
