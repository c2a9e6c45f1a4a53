"""Fixtures shared by the users service's test layers."""

import pytest
from users.migrate import upgrade
from users.settings import Settings

from testkit import Upgrade

# One token per kind of caller the tests play.
API_TOKENS = {
    "reader-token": frozenset({"users:read"}),
    "writer-token": frozenset({"users:read", "users:write"}),
    "stranger-token": frozenset({"catalog:read"}),
}


@pytest.fixture(scope="session")
def migrate() -> Upgrade:
    """How the test kit's `database` fixture builds the users schema: its own migrations."""
    return upgrade


@pytest.fixture(scope="session")
def settings() -> Settings:
    # The database comes from the test kit through the session factory, not from this URL.
    return Settings(database_url="postgresql+psycopg://unused/unused", api_tokens=API_TOKENS)
