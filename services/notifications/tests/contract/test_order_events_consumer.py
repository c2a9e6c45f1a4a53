"""Notifications as a consumer of orders' events: order.confirmed and order.cancelled.

Each message in the pact goes through the chassis' envelope parser, as in the consumer, and
then its real handler, which records the e-mail in Postgres. The session is the test kit's
rolled-back one: the handler's SQL (an INSERT ... ON CONFLICT on a unique constraint) is part
of what is being tested, a fake session would not run it, and a rollback costs well under a
millisecond. Each event names its recipient (events 1.1), so the users service is not asked:
its fake here fails the test if it is (an event of before, without one, still goes to users:
the HTTP pact and tests/unit/test_handlers.py).
"""

import uuid

from notifications.events import ORDER_CANCELLED, ORDER_CONFIRMED
from notifications.handlers import make_handlers
from notifications.models import Notification, NotificationKind
from notifications.settings import Settings
from notifications.users_client import Recipient
from pact import Pact, match
from sqlalchemy import select
from sqlalchemy.orm import Session

from testkit.pact.messages import consume_with, expect_event

# The pact this module writes (the kit's `pact` fixture): (consumer, provider).
PACT = ("notifications", "orders-events")
ORDER_ID = "9b2d3c4e-5f60-4a7b-8c9d-0e1f2a3b4c5d"
USER_ID = "0f8e7a52-2d7c-4c0e-9a51-6a1d3f1e2b40"

# The exchange this service binds to by default, so a producer publishing elsewhere fails.
EXCHANGE = Settings.model_fields["events_exchange"].default


class NotAsked:
    """UsersClient that must not be asked: the event carries its recipient."""

    def get_user(self, user_id: uuid.UUID) -> Recipient | None:
        raise AssertionError(f"the users service was asked for {user_id}")


RECIPIENT = {"email": match.str("ada@example.com"), "name": match.str("Ada Lovelace")}


def recorded(session: Session, kind: NotificationKind) -> Notification:
    return session.scalars(
        select(Notification).where(
            Notification.order_id == uuid.UUID(ORDER_ID), Notification.kind == kind
        )
    ).one()


def test_an_order_confirmed_event_records_the_confirmation_email(
    pact: Pact, session: Session
) -> None:
    """order.confirmed: the handler reads order_id, user_id, total_cents and the recipient."""
    confirmed = {
        "order_id": match.uuid(ORDER_ID),
        "user_id": match.uuid(USER_ID),
        "total_cents": match.int(4250, min=0),
        "recipient": RECIPIENT,
    }
    expect_event(pact, "an order.confirmed event", ORDER_CONFIRMED, confirmed, exchange=EXCHANGE)

    pact.verify(consume_with(make_handlers(users=NotAsked()), session), "Async")

    email = recorded(session, NotificationKind.ORDER_CONFIRMED)
    assert email.recipient == "ada@example.com"
    assert "42.50" in email.body


def test_an_order_cancelled_event_records_the_cancellation_email(
    pact: Pact, session: Session
) -> None:
    """order.cancelled: the handler reads order_id, user_id, the reason and the recipient."""
    cancelled = {
        "order_id": match.uuid(ORDER_ID),
        "user_id": match.uuid(USER_ID),
        "reason": match.str("amount exceeds the limit of 100000 cents"),
        "recipient": RECIPIENT,
    }
    expect_event(pact, "an order.cancelled event", ORDER_CANCELLED, cancelled, exchange=EXCHANGE)

    pact.verify(consume_with(make_handlers(users=NotAsked()), session), "Async")

    email = recorded(session, NotificationKind.ORDER_CANCELLED)
    assert email.recipient == "ada@example.com"
    assert "amount exceeds the limit of 100000 cents" in email.body
