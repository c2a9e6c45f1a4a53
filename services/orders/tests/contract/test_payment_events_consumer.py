"""Orders as a consumer of payments' events: payment.succeeded and payment.failed.

Each message in the pact goes through the chassis' `parse`, as the consumer does, then the real
handler, on the test kit's rolled-back Postgres session: the handler locks the order row,
moves its status and adds the next event to the outbox, and that SQL is part of what is being
tested (a fake session would not run it); a rollback costs well under a millisecond.
"""

import uuid

import pytest
from orders import service
from orders.domain import OrderStatus, PricedLine
from orders.events import ORDER_CANCELLED, ORDER_CONFIRMED, PAYMENT_FAILED, PAYMENT_SUCCEEDED
from orders.handlers import HANDLERS
from orders.models import Order, outbox
from orders.settings import Settings
from orders.users_client import UserRef
from pact import Pact, match
from sqlalchemy import select
from sqlalchemy.orm import Session

from testkit.pact.messages import consume_with, expect_event

# The pact this module writes (the kit's `pact` fixture): (consumer, provider).
PACT = ("orders", "payments-events")
ORDER_ID = "9b2d3c4e-5f60-4a7b-8c9d-0e1f2a3b4c5d"
PAYMENT_ID = "1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d"

# The exchange this service binds to by default, so a producer publishing elsewhere fails.
EXCHANGE = Settings.model_fields["events_exchange"].default


@pytest.fixture
def pending_order(session: Session) -> Order:
    """The order the pact's example event is about, PENDING, made by the service's own code."""
    user = UserRef(id=uuid.uuid4(), email="ada@example.com", name="Ada Lovelace")
    order = service.new_order(uuid.UUID(ORDER_ID), user, [PricedLine("SKU-PACT-0001", 2, 1250)])
    session.add(order)
    session.commit()
    return order


def outbox_types(session: Session) -> list[str]:
    return list(session.scalars(select(outbox.table.c.type)))


def payment(extra: dict[str, object] | None = None) -> dict[str, object]:
    return {
        "payment_id": match.uuid(PAYMENT_ID),
        "order_id": match.uuid(ORDER_ID),
        "amount_cents": match.int(2500, min=0),
        **(extra or {}),
    }


def test_a_payment_succeeded_event_confirms_the_order(
    pact: Pact, session: Session, pending_order: Order
) -> None:
    """payment.succeeded: the handler reads order_id (payment_id and amount_cents checked)."""
    expect_event(pact, "a payment.succeeded event", PAYMENT_SUCCEEDED, payment(), exchange=EXCHANGE)

    pact.verify(consume_with(HANDLERS, session), "Async")

    assert session.get(Order, pending_order.id).status == OrderStatus.CONFIRMED
    assert outbox_types(session) == [ORDER_CONFIRMED]


def test_a_payment_failed_event_cancels_the_order(
    pact: Pact, session: Session, pending_order: Order
) -> None:
    """payment.failed: the handler reads order_id and the reason it passes on."""
    reason = {"reason": match.str("amount exceeds the limit of 100000 cents")}
    expect_event(pact, "a payment.failed event", PAYMENT_FAILED, payment(reason), exchange=EXCHANGE)

    pact.verify(consume_with(HANDLERS, session), "Async")

    assert session.get(Order, pending_order.id).status == OrderStatus.CANCELLED
    assert outbox_types(session) == [ORDER_CANCELLED]
