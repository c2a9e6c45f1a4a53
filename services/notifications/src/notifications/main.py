"""The production wiring: `uvicorn --factory notifications.main:build_app`."""

from fastapi import FastAPI

from chassis.db import create_session_factory
from chassis.messaging.consumer import Consumer
from notifications.app import create_app
from notifications.handlers import make_handlers
from notifications.models import inbox
from notifications.settings import Settings
from notifications.users_client import HttpUsersClient


def build_app() -> FastAPI:
    """Read the settings from the environment; connect the database, users and the broker."""
    settings = Settings()
    session_factory = create_session_factory(
        settings.database_url, timeout_seconds=settings.database_timeout_seconds
    )
    users = HttpUsersClient(
        base_url=settings.users_url,
        token=settings.users_token,
        timeout_seconds=settings.users_timeout_seconds,
    )
    consumer = Consumer(
        settings.broker_url,
        session_factory,
        make_handlers(users=users),
        inbox=inbox,
        exchange=settings.events_exchange,
        queue_prefix=settings.queue_prefix,
    )
    return create_app(settings=settings, session_factory=session_factory, workers=[consumer])
