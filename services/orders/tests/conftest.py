"""Fixtures shared by the orders service's test layers: settings, migrations, in-process fakes.

A fixture a test asks for that no conftest.py defines (`database`, `session`, `pact`, ...) is the
test kit's: pytest loads its plugin by itself (an entry point); infra/testkit/README.md#fixtures
lists each one with what it starts and costs, and `pytest --fixtures` prints its file and line.
"""

import uuid
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import pytest
from orders.catalog_client import OutOfStock, ReservationLine, UnknownProducts
from orders.settings import Settings
from orders.users_client import UserRef

from testkit.settings import offline_settings

# Only for the annotation: unit runs need not import the kit's database helpers (psycopg).
if TYPE_CHECKING:
    from testkit.servers.databases import Upgrade

# One token per kind of caller the tests play.
API_TOKENS = {
    "reader-token": frozenset({"orders:read"}),
    "writer-token": frozenset({"orders:read", "orders:write"}),
    "stranger-token": frozenset({"catalog:read"}),
}


class FakeUsers:
    """UsersClient that knows the users added to it."""

    def __init__(self) -> None:
        self.known: set[uuid.UUID] = set()

    def add(self) -> uuid.UUID:
        user_id = uuid.uuid4()
        self.known.add(user_id)
        return user_id

    def get_user(self, user_id: uuid.UUID) -> UserRef | None:
        if user_id not in self.known:
            return None
        return UserRef(id=user_id, email=f"{user_id.hex[:8]}@example.com", name="Ada Lovelace")


class FakeCatalog:
    """CatalogClient with products' prices in a dict; it records reservations and releases.

    `after_reserve` lets a test make something happen between the reservation and the commit.
    """

    def __init__(self) -> None:
        self.prices: dict[str, int] = {}
        self.stock_short = False
        self.reserved: dict[uuid.UUID, list[ReservationLine]] = {}
        self.released: list[uuid.UUID] = []
        self.after_reserve: Callable[[uuid.UUID], None] = lambda order_id: None

    def add(self, sku: str, price_cents: int) -> str:
        self.prices[sku] = price_cents
        return sku

    def reserve(self, order_id: uuid.UUID, lines: Sequence[ReservationLine]) -> dict[str, int]:
        unknown = [
            (f"lines[{index}].sku", f"no product {line.sku}")
            for index, line in enumerate(lines)
            if line.sku not in self.prices
        ]
        if unknown:
            raise UnknownProducts(unknown)
        if self.stock_short:
            raise OutOfStock(f"not enough stock for order {order_id}")
        self.reserved[order_id] = list(lines)
        self.after_reserve(order_id)
        return {line.sku: self.prices[line.sku] for line in lines}

    def release(self, order_id: uuid.UUID) -> None:
        self.released.append(order_id)


@pytest.fixture(scope="session")
def migrate() -> "Upgrade":
    """How the test kit's `database` fixture builds the orders schema: its own migrations."""
    # Imported here, when a test first needs the database: unit runs never load Alembic.
    from orders.migrate import upgrade

    return upgrade


@pytest.fixture
def users() -> FakeUsers:
    return FakeUsers()


@pytest.fixture
def catalog() -> FakeCatalog:
    return FakeCatalog()


@pytest.fixture(scope="session")
def settings() -> Settings:
    # The users and catalog services come from fixtures (fakes or stubs), not from these URLs.
    return offline_settings(
        Settings,
        api_tokens=API_TOKENS,
        users_url="http://users.invalid",
        users_token="orders-to-users",  # noqa: S106  (a test token, not a secret)
        catalog_url="http://catalog.invalid",
        catalog_token="orders-to-catalog",  # noqa: S106
    )
