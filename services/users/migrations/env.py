"""Alembic environment: the users models, migrated online against the URL the caller gives."""

from alembic import context
from users.models import Base
from users.settings import Settings

from chassis.migrations import run_migrations_online
from chassis.settings import migration_url

run_migrations_online(
    context, Base.metadata, default_url=lambda: migration_url(Settings.model_config["env_prefix"])
)
