"""Payments as a consumer of orders' events: order.placed.

The message in the pact goes through the chassis' `parse` (what the consumer runs on every
delivery) and then payments' real handler, on the test kit's rolled-back Postgres session: the
handler's INSERT ... ON CONFLICT on the unique order_id (charge once) and its outbox row are part
of what is being tested, a fake session would not run them, and a rollback costs well under a
millisecond.
"""

import uuid

from pact import Pact, match
from payments.events import ORDER_PLACED, PAYMENT_SUCCEEDED
from payments.handlers import make_handlers
from payments.models import Payment, outbox
from payments.settings import Settings
from sqlalchemy import select
from sqlalchemy.orm import Session

from testkit.pact.messages import consume_with, expect_event

# The pact this module writes (the kit's `pact` fixture): (consumer, provider).
PACT = ("payments", "orders-events")
ORDER_ID = "9b2d3c4e-5f60-4a7b-8c9d-0e1f2a3b4c5d"
USER_ID = "0f8e7a52-2d7c-4c0e-9a51-6a1d3f1e2b40"

# The exchange this service binds to by default, so a producer publishing elsewhere fails.
EXCHANGE = Settings.model_fields["events_exchange"].default


def test_an_order_placed_event_charges_the_order(
    pact: Pact, session: Session, settings: Settings
) -> None:
    """order.placed: the handler reads order_id, user_id, total_cents and the priced lines."""
    placed = {
        "order_id": match.uuid(ORDER_ID),
        "user_id": match.uuid(USER_ID),
        "total_cents": match.int(2500, min=0),
        "lines": match.each_like(
            {
                "sku": match.str("SKU-PACT-0001"),
                "quantity": match.int(2, min=1),
                "unit_price_cents": match.int(1250, min=0),
            },
            min=1,
        ),
    }
    expect_event(pact, "an order.placed event", ORDER_PLACED, placed, exchange=EXCHANGE)
    handlers = make_handlers(limit_cents=settings.limit_cents)

    pact.verify(consume_with(handlers, session), "Async")

    # This order's rows only: the provider tests commit payments of their own to the database
    # (the contract pipeline runs them in another process, but a run of both at once is fine).
    charged = session.scalars(select(Payment).where(Payment.order_id == ORDER_ID)).one()
    assert (charged.user_id, charged.amount_cents) == (uuid.UUID(USER_ID), 2500)
    events = session.execute(select(outbox.table.c.type, outbox.table.c.payload)).all()
    assert [e.type for e in events if e.payload["data"]["order_id"] == ORDER_ID] == [
        PAYMENT_SUCCEEDED
    ]
