"""Fixtures shared by the catalog service's test layers.

A fixture a test asks for that no conftest.py defines (`database`, `session`, `pact`, ...) is the
test kit's: pytest loads its plugin by itself (an entry point); infra/testkit/README.md#fixtures
lists each one with what it starts and costs, and `pytest --fixtures` prints its file and line.
"""

from typing import TYPE_CHECKING

import pytest
from catalog.settings import Settings

from testkit.settings import offline_settings

# Only for the annotation: unit runs need not import the kit's database helpers (psycopg).
if TYPE_CHECKING:
    from testkit.servers.databases import Upgrade

# One token per kind of caller the tests play.
API_TOKENS = {
    "reader-token": frozenset({"catalog:read"}),
    "writer-token": frozenset({"catalog:read", "catalog:write"}),
    "orders-token": frozenset({"catalog:read", "catalog:reserve"}),
    "admin-token": frozenset({"catalog:read", "catalog:write", "catalog:reserve"}),
    "stranger-token": frozenset({"users:read"}),
}


@pytest.fixture(scope="session")
def migrate() -> "Upgrade":
    """How the test kit's `database` is built: the catalog's own migrations."""
    # Imported here, when a test first needs the database: unit runs never load Alembic.
    from catalog.migrate import upgrade

    return upgrade


@pytest.fixture(scope="session")
def settings() -> Settings:
    return offline_settings(Settings, api_tokens=API_TOKENS)
