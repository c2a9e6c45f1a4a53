"""Fixtures shared by the payments service's test layers.

A fixture a test asks for that no conftest.py defines (`database`, `session`, `pact`, ...) is the
test kit's: pytest loads its plugin by itself (an entry point); infra/testkit/README.md#fixtures
lists each one with what it starts and costs, and `pytest --fixtures` prints its file and line.
"""

from typing import TYPE_CHECKING

import pytest
from payments.settings import Settings

from testkit.settings import offline_settings

# Only for the annotation: unit runs need not import the kit's database helpers (psycopg).
if TYPE_CHECKING:
    from testkit.servers.databases import Upgrade

# One token per kind of caller the tests play.
API_TOKENS = {
    "reader-token": frozenset({"payments:read"}),
    "stranger-token": frozenset({"orders:read"}),
}
LIMIT_CENTS = 100_000


@pytest.fixture(scope="session")
def settings() -> Settings:
    return offline_settings(Settings, api_tokens=API_TOKENS, limit_cents=LIMIT_CENTS)


@pytest.fixture(scope="session")
def migrate() -> "Upgrade":
    """The test kit's `database` fixture builds the service's database with these migrations."""
    # Imported here, when a test first needs the database: unit runs never load Alembic.
    from payments.migrate import upgrade

    return upgrade
