"""Fixtures shared by the users service's test layers."""

import pytest
from users.migrate import upgrade
from users.settings import Settings

from testkit import Upgrade
from testkit.settings import offline_settings

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
    return offline_settings(Settings, api_tokens=API_TOKENS)
