"""The notifications app as the fuzzer meets it: on the kit's migrated, rolled-back database."""

import pytest
from fastapi import FastAPI
from notifications.app import create_app
from notifications.settings import Settings
from sqlalchemy.orm import Session, sessionmaker


@pytest.fixture
def app(settings: Settings, session_factory: sessionmaker[Session]) -> FastAPI:
    """The real app on a real database: what the kit's `api_schema` fuzzes."""
    return create_app(settings=settings, session_factory=session_factory)


@pytest.fixture
def api_token() -> str:
    """Every notifications scope: notifications:read (a 403 fails the run)."""
    return "reader-token"
