"""The users app as the fuzzer meets it: on the kit's migrated, rolled-back database."""

import pytest
from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker
from users.app import create_app
from users.settings import Settings


@pytest.fixture
def app(settings: Settings, session_factory: sessionmaker[Session]) -> FastAPI:
    """The real app on a real database: what the kit's `api_schema` fuzzes."""
    return create_app(settings=settings, session_factory=session_factory)


@pytest.fixture
def api_token() -> str:
    """Every users scope: users:read, users:write (a 403 fails the run)."""
    return "writer-token"
