"""Alembic environment: the notifications models, migrated online against the given URL."""

from alembic import context
from notifications.models import Base
from notifications.settings import Settings

from chassis.migrations import run_migrations_online
from chassis.settings import migration_url

run_migrations_online(
    context, Base.metadata, default_url=lambda: migration_url(Settings.model_config["env_prefix"])
)
