"""Alembic environment: the notifications models, migrated online against the given URL."""

from alembic import context
from notifications.models import Base
from notifications.settings import Settings

from chassis.migrations import run_migrations_online

run_migrations_online(context, Base.metadata, default_url=lambda: Settings().migration_url)
