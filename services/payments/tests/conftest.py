"""Fixtures shared by the payments service's test layers."""

import pytest
from payments.settings import Settings

# One token per kind of caller the tests play.
API_TOKENS = {
    "reader-token": frozenset({"payments:read"}),
    "stranger-token": frozenset({"orders:read"}),
}
LIMIT_CENTS = 100_000


@pytest.fixture(scope="session")
def settings() -> Settings:
    # The database and broker come from the test kit through fixtures, not from these URLs.
    return Settings(
        database_url="postgresql+psycopg://unused/unused",
        broker_url="amqp://unused",
        api_tokens=API_TOKENS,
        limit_cents=LIMIT_CENTS,
    )
