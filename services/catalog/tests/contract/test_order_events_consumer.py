"""Catalog as a consumer of orders' events: order.placed keeps a hold, order.confirmed sells it,
order.cancelled frees it.

Each message in the pact goes through the consumer's envelope parser (the chassis') and then
its real handler, on the test kit's rolled-back Postgres session: the handler locks the
reservation (and product) rows, confirms the hold or puts the stock back, and that SQL is part
of what is being tested (a fake session would not run it); a rollback costs well under a
millisecond.
"""

import uuid

import pytest
from catalog import reservations, service
from catalog.events import ORDER_CANCELLED, ORDER_CONFIRMED, ORDER_PLACED
from catalog.handlers import make_handlers
from catalog.models import Product, Reservation, ReservationStatus
from catalog.schemas import ProductCreate, ReservationCreate, ReservationLineCreate
from catalog.settings import Settings
from pact import Pact, match
from sqlalchemy.orm import Session

from testkit.pact.messages import consume_with, expect_event

# The pact this module writes (the kit's `pact` fixture): (consumer, provider).
PACT = ("catalog", "orders-events")
ORDER_ID = "9b2d3c4e-5f60-4a7b-8c9d-0e1f2a3b4c5d"
SKU = "SKU-PACT-0001"

# The exchange this service binds to by default, so a producer publishing elsewhere fails.
EXCHANGE = Settings.model_fields["events_exchange"].default


@pytest.fixture
def reserved(session: Session) -> None:
    """Stock reserved for the pact's example order, by the service's own use cases."""
    service.create_product(
        session, data=ProductCreate(sku=SKU, name="Pact mug", price_cents=1250, stock=10)
    )
    order = ReservationCreate(
        order_id=uuid.UUID(ORDER_ID), lines=[ReservationLineCreate(sku=SKU, quantity=3)]
    )
    reservations.reserve(session, data=order)


def test_an_order_cancelled_event_releases_the_orders_stock(
    pact: Pact, session: Session, reserved: None
) -> None:
    """order.cancelled: the catalog reads only order_id (user_id and reason are for others)."""
    data = {"order_id": match.uuid(ORDER_ID)}
    expect_event(pact, "an order.cancelled event", ORDER_CANCELLED, data, exchange=EXCHANGE)

    pact.verify(consume_with(make_handlers(), session), "Async")

    assert session.get(Reservation, uuid.UUID(ORDER_ID)).status == ReservationStatus.RELEASED
    assert session.get(Product, SKU).stock == 10


def test_an_order_placed_event_keeps_the_orders_hold(
    pact: Pact, session: Session, reserved: None
) -> None:
    """order.placed: the catalog reads only order_id (the lines it holds are its own record)."""
    data = {"order_id": match.uuid(ORDER_ID)}
    expect_event(pact, "an order.placed event", ORDER_PLACED, data, exchange=EXCHANGE)

    pact.verify(consume_with(make_handlers(), session), "Async")

    assert session.get(Reservation, uuid.UUID(ORDER_ID)).status == ReservationStatus.CONFIRMED
    assert session.get(Product, SKU).stock == 7


def test_an_order_confirmed_event_sells_the_orders_stock(
    pact: Pact, session: Session, reserved: None
) -> None:
    """order.confirmed: the catalog reads only order_id (user_id and total_cents are for others)."""
    data = {"order_id": match.uuid(ORDER_ID)}
    expect_event(pact, "an order.confirmed event", ORDER_CONFIRMED, data, exchange=EXCHANGE)

    pact.verify(consume_with(make_handlers(), session), "Async")

    assert session.get(Reservation, uuid.UUID(ORDER_ID)).status == ReservationStatus.SOLD
    assert session.get(Product, SKU).stock == 7
