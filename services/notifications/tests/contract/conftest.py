"""Notifications' HTTP provider side: the app the kit's `provider_url` serves for the verifier.

The kit gives the rest (`pact_dir`, `pact`, `verify`, `verifier_token`, `provider_url`,
`database`, `session`, `committing_session_factory`).
"""

import pytest
from fastapi import FastAPI
from notifications.app import create_app
from notifications.settings import Settings
from sqlalchemy.orm import Session, sessionmaker


@pytest.fixture(scope="session")
def provider_settings(settings: Settings, verifier_token: str) -> Settings:
    """The notifications settings of the tests, accepting the verifier's token alone."""
    tokens = {verifier_token: frozenset({"notifications:read"})}
    return settings.model_copy(update={"api_tokens": tokens})


@pytest.fixture(scope="session")
def provider_app(
    committing_session_factory: sessionmaker[Session], provider_settings: Settings
) -> FastAPI:
    """The real notifications app (no consumer thread: only its API is verified here)."""
    return create_app(settings=provider_settings, session_factory=committing_session_factory)
