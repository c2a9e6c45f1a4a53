"""Fixtures shared by the notifications service's test layers.

A fixture a test asks for that no conftest.py defines (`database`, `session`, `pact`, ...) is the
test kit's: pytest loads its plugin by itself (an entry point); infra/testkit/README.md#fixtures
lists each one with what it starts and costs, and `pytest --fixtures` prints its file and line.
"""

from typing import TYPE_CHECKING

import pytest
from notifications.settings import Settings

from testkit.settings import offline_settings

# Only for the annotation: unit runs need not import the kit's database helpers (psycopg).
if TYPE_CHECKING:
    from testkit.servers.databases import Upgrade

# One token per kind of caller the tests play.
API_TOKENS = {
    "reader-token": frozenset({"notifications:read"}),
    "stranger-token": frozenset({"orders:read"}),
}


@pytest.fixture(scope="session")
def migrate() -> "Upgrade":
    """How the test kit's `database` is built: this service's `alembic upgrade head`."""
    # Imported here, when a test first needs the database: unit runs never load Alembic.
    from notifications.migrate import upgrade

    return upgrade


@pytest.fixture(scope="session")
def settings() -> Settings:
    # The users service comes from fixtures (a stub, a fake), not from this URL.
    return offline_settings(
        Settings,
        api_tokens=API_TOKENS,
        users_url="http://unused",
        users_token="unused",  # noqa: S106  (a test value, not a secret)
    )
