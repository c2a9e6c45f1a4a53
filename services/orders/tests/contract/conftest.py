"""Orders' HTTP provider side: the app the kit's `provider_url` serves for the verifier.

The kit gives the rest (`pact_dir`, `pact`, `verify`, `verifier_token`, `provider_url`,
`database`, `session`, `committing_session_factory`).
"""

from typing import NoReturn

import pytest
from fastapi import FastAPI
from orders.app import create_app
from orders.settings import Settings
from sqlalchemy.orm import Session, sessionmaker


class NotCalled:
    """Stands for the users and catalog clients: the routes the pacts call read the database."""

    def __getattr__(self, name: str) -> NoReturn:
        raise AssertionError(f"a pact's request made orders call {name} of another service")


@pytest.fixture(scope="session")
def provider_settings(settings: Settings, verifier_token: str) -> Settings:
    """The orders settings of the tests, accepting the verifier's token alone."""
    tokens = {verifier_token: frozenset({"orders:read"})}
    return settings.model_copy(update={"api_tokens": tokens})


@pytest.fixture(scope="session")
def provider_app(
    committing_session_factory: sessionmaker[Session], provider_settings: Settings
) -> FastAPI:
    """The real orders app (no workers: only its API is verified here)."""
    return create_app(
        settings=provider_settings,
        session_factory=committing_session_factory,
        users=NotCalled(),
        catalog=NotCalled(),
    )
