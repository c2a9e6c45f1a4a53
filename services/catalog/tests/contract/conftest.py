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
def provider_app(committing_session_factory: sessionmaker[Session], verifier_token: str) -> FastAPI:
    """The real catalog app (no consumer thread: only its API is verified)."""
    tokens = {verifier_token: frozenset({"catalog:read", "catalog:reserve"})}
    settings = offline_settings(Settings, api_tokens=tokens)
    return create_app(settings=settings, session_factory=committing_session_factory)
