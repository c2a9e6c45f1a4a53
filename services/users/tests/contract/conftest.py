"""The users provider, verified as it runs: its real app on a real, migrated Postgres database.

The test kit gives `database` (migrated) -> `committing_session_factory` (real commits),
`pact_dir`, `verify`, `verifier_token`, and `provider_url`, which serves `provider_app` below.
Provider states commit through the service's own functions, so the app, serving in another
thread, sees them; rollback isolation cannot span two threads.
"""

import pytest
from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker
from users.app import create_app
from users.settings import Settings

from testkit.settings import offline_settings


@pytest.fixture(scope="session")
def provider_settings(verifier_token: str) -> Settings:
    """The settings of the app under verification: it accepts the verifier's token alone.

    The app reads `api_tokens` on every request, so a provider state may take the token (or a
    scope of it) away for one interaction (`testkit.pact.auth.TokenStates`).
    """
    return offline_settings(Settings, api_tokens={verifier_token: frozenset({"users:read"})})


@pytest.fixture(scope="session")
def provider_app(
    committing_session_factory: sessionmaker[Session], provider_settings: Settings
) -> FastAPI:
    """The real users app, which the kit serves by uvicorn in a thread on a free port."""
    return create_app(settings=provider_settings, session_factory=committing_session_factory)
