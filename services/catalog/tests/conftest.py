"""Fixtures shared by the catalog service's test layers."""

import pytest
from catalog.migrate import upgrade
from catalog.settings import Settings

from testkit import Upgrade

# One token per kind of caller the tests play.
API_TOKENS = {
    "reader-token": frozenset({"catalog:read"}),
    "writer-token": frozenset({"catalog:read", "catalog:write"}),
    "orders-token": frozenset({"catalog:read", "catalog:reserve"}),
    "admin-token": frozenset({"catalog:read", "catalog:write", "catalog:reserve"}),
    "stranger-token": frozenset({"users:read"}),
}


@pytest.fixture(scope="session")
def migrate() -> Upgrade:
    """How the test kit's `database` is built: the catalog's own migrations."""
    return upgrade


@pytest.fixture(scope="session")
def settings() -> Settings:
    # The database and broker come from the test kit through fixtures, not from these URLs.
    return Settings(
        database_url="postgresql+psycopg://unused/unused",
        api_tokens=API_TOKENS,
        broker_url="amqp://unused",
    )
