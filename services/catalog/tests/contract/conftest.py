"""Catalog's provider side: the app the kit's `provider_url` serves for the verifier.

The kit gives the rest (`pact_dir`, `pact`, `verify`, `verifier_token`, `provider_url`,
`database`, `session`, `committing_session_factory`): consumer pacts go to $PACT_DIR, else
straight into contracts/.
"""

import pytest
from catalog.app import create_app
from catalog.settings import Settings
from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker

from testkit.settings import offline_settings


@pytest.fixture(scope="session")
def provider_settings(verifier_token: str) -> Settings:
    """The settings of the app under verification: it accepts the verifier's token alone.

    The app reads `api_tokens` on every request, so a provider state may take the token (or a
    scope of it) away for one interaction (`testkit.pact.auth.TokenStates`).
    """
    tokens = {verifier_token: frozenset({"catalog:read", "catalog:reserve"})}
    return offline_settings(Settings, api_tokens=tokens)


@pytest.fixture(scope="session")
def provider_app(
    committing_session_factory: sessionmaker[Session], provider_settings: Settings
) -> FastAPI:
    """The real catalog app (no consumer thread: only its API is verified)."""
    return create_app(settings=provider_settings, session_factory=committing_session_factory)
