"""Alembic environment: the orders models, migrated online against the URL the caller gives."""

from alembic import context
from orders.models import Base
from orders.settings import Settings

from chassis.migrations import run_migrations_online
from chassis.settings import migration_url

run_migrations_online(
    context, Base.metadata, default_url=lambda: migration_url(Settings.model_config["env_prefix"])
)
