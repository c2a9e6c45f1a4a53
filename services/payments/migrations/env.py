"""Alembic environment: the payments models, migrated online against the URL the caller gives."""

from alembic import context
from payments.models import Base
from payments.settings import Settings

from chassis.migrations import run_migrations_online
from chassis.settings import migration_url

run_migrations_online(
    context, Base.metadata, default_url=lambda: migration_url(Settings.model_config["env_prefix"])
)
