"""The production wiring: `uvicorn --factory users.main:build_app`."""

from fastapi import FastAPI

from chassis.db import create_session_factory
from users.app import create_app
from users.settings import Settings


def build_app() -> FastAPI:
    """Read the settings from the environment and connect the real database."""
    settings = Settings()
    session_factory = create_session_factory(
        settings.database_url, timeout_seconds=settings.database_timeout_seconds
    )
    return create_app(settings=settings, session_factory=session_factory)
