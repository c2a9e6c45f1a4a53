"""The production wiring: `uvicorn --factory catalog.main:build_app`."""

from fastapi import FastAPI

from catalog.app import create_app
from catalog.consumer import Consumer
from catalog.db import create_session_factory
from catalog.handlers import make_handlers
from catalog.settings import Settings


def build_app() -> FastAPI:
    """Read the settings from the environment; connect the database and the broker."""
    settings = Settings()
    session_factory = create_session_factory(
        settings.database_url, timeout_seconds=settings.database_timeout_seconds
    )
    consumer = Consumer(
        settings.broker_url,
        session_factory,
        make_handlers(),
        exchange=settings.events_exchange,
        queue_prefix=settings.queue_prefix,
    )
    return create_app(settings=settings, session_factory=session_factory, workers=[consumer])
