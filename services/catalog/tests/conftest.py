"""Fixtures shared by the catalog service's test layers."""

import pytest
from catalog.migrate import upgrade
from catalog.settings import Settings

from testkit import Upgrade
from testkit.settings import offline_settings

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
    return offline_settings(Settings, api_tokens=API_TOKENS)
