"""Alembic environment of the chassis' test migrations, as a service's env.py is written."""

from alembic import context
from sqlalchemy import MetaData

from chassis.migrations import run_migrations_online


def no_default_url() -> str:
    raise AssertionError("the tests always give Alembic the URL")


run_migrations_online(context, MetaData(), default_url=no_default_url)
