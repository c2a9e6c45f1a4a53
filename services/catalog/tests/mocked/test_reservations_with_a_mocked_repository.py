"""COUNTER-EXAMPLE, not part of the pyramid: reservations tested as a team with a mocked repository.

`lock_products` (the repository read) is replaced by a dictionary of products, and the session
by a `unittest.mock` double. Every test here passes on the clean tree and still passes with the
faults `catalog-row-lock-dropped` (the read without FOR UPDATE) and
`catalog-stock-check-not-migrated` (no CHECK (stock >= 0) in the database): a fake repository
serves one request at a time and has no constraints, so neither the lost update of two
concurrent orders nor a missing CHECK can show. The tests that catch them run on a real
Postgres: `tests/integration/test_concurrency.py` and `tests/integration/test_reservations_api.py`.
`nox -s "mocked(catalog)"` runs these; docs/testing-strategy.md reads them.
"""

import uuid
from unittest.mock import create_autospec

import pytest
from catalog import reservations
from catalog.models import Product
from catalog.schemas import ReservationCreate
from sqlalchemy.orm import Session

from chassis.errors import Conflict


@pytest.fixture
def shelf(monkeypatch) -> dict[str, Product]:
    """The products the mocked repository holds, by SKU; `lock_products` reads from it."""
    products: dict[str, Product] = {}

    def lock_products(session: Session, skus) -> dict[str, Product]:
        return {sku: products[sku] for sku in sorted(skus) if sku in products}

    monkeypatch.setattr(reservations, "lock_products", lock_products)
    return products


def mocked_session() -> Session:
    session = create_autospec(Session, instance=True)
    session.get.return_value = None  # no earlier reservation for the order
    return session


def order_for(sku: str, quantity: int) -> ReservationCreate:
    return ReservationCreate(order_id=uuid.uuid4(), lines=[{"sku": sku, "quantity": quantity}])


def test_two_orders_for_the_last_unit_one_wins_and_the_other_is_a_conflict(shelf):
    shelf["MUG-1"] = Product(sku="MUG-1", name="Mug", price_cents=1250, stock=1)

    reservation, created = reservations.reserve(mocked_session(), data=order_for("MUG-1", 1))
    with pytest.raises(Conflict, match="not enough stock for MUG-1"):
        reservations.reserve(mocked_session(), data=order_for("MUG-1", 1))

    assert created
    assert [(line.sku, line.quantity) for line in reservation.lines] == [("MUG-1", 1)]
    assert shelf["MUG-1"].stock == 0


def test_the_stock_never_goes_below_zero(shelf):
    shelf["MUG-1"] = Product(sku="MUG-1", name="Mug", price_cents=1250, stock=2)
    session = mocked_session()

    with pytest.raises(Conflict):
        reservations.reserve(session, data=order_for("MUG-1", 3))

    assert shelf["MUG-1"].stock == 2
    session.rollback.assert_called_once_with()
    session.commit.assert_not_called()
