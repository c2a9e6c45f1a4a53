"""The catalog app as the fuzzer meets it: on the kit's migrated, rolled-back database."""

import pytest
from catalog.app import create_app
from catalog.settings import Settings
from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker


@pytest.fixture
def app(settings: Settings, session_factory: sessionmaker[Session]) -> FastAPI:
    """The real app on a real database: what the kit's `api_schema` fuzzes."""
    return create_app(settings=settings, session_factory=session_factory)


@pytest.fixture
def api_token() -> str:
    """Every catalog scope: catalog:read, catalog:write, catalog:reserve (a 403 fails the run)."""
    return "admin-token"
