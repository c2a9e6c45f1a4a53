"""The payment handlers with a fake session: status changes, outbox events, poison, no-ops."""

import uuid

import pytest
from orders.domain import OrderStatus
from orders.events import PAYMENT_FAILED, PAYMENT_SUCCEEDED
from orders.handlers import HANDLERS
from orders.models import Order, outbox

from chassis.messaging.envelope import PoisonMessage, new_envelope


class FakeSession:
    """Just what the handlers use of a Session: get an order, insert outbox rows."""

    def __init__(self, *orders: Order) -> None:
        self.orders = {order.id: order for order in orders}
        self.added: list[dict] = []

    def get(self, model, key, *, with_for_update=False, options=()):
        assert model is Order
        assert with_for_update, "an order changed by an event must be locked"
        return self.orders.get(key)

    def execute(self, statement) -> None:
        assert statement.table is outbox.table, "the handlers write nothing but outbox rows"
        self.added.append(statement.compile().params)


def an_order(status: OrderStatus = OrderStatus.PENDING, *, recipient: bool = True) -> Order:
    return Order(
        id=uuid.uuid4(),
        user_id=uuid.uuid4(),
        status=status,
        total_cents=4200,
        recipient_email="ada@example.com" if recipient else None,
        recipient_name="Ada Lovelace" if recipient else None,
    )


def succeeded(order_id: uuid.UUID):
    return new_envelope(
        PAYMENT_SUCCEEDED,
        {"payment_id": str(uuid.uuid4()), "order_id": str(order_id), "amount_cents": 4200},
    )


def failed(order_id: uuid.UUID, reason: str = "card declined"):
    return new_envelope(
        PAYMENT_FAILED,
        {
            "payment_id": str(uuid.uuid4()),
            "order_id": str(order_id),
            "amount_cents": 4200,
            "reason": reason,
        },
    )


def handle(session: FakeSession, envelope) -> None:
    HANDLERS[envelope.type](session, envelope)


def test_a_succeeded_payment_confirms_the_order_and_stores_order_confirmed():
    order = an_order()
    session = FakeSession(order)

    handle(session, succeeded(order.id))

    assert order.status == OrderStatus.CONFIRMED
    [event] = session.added
    assert event["type"] == "order.confirmed"
    assert event["payload"]["data"] == {
        "order_id": str(order.id),
        "user_id": str(order.user_id),
        "total_cents": 4200,
        "recipient": {"email": "ada@example.com", "name": "Ada Lovelace"},
    }


def test_a_failed_payment_cancels_the_order_with_its_reason():
    order = an_order()
    session = FakeSession(order)

    handle(session, failed(order.id, reason="limit exceeded"))

    assert order.status == OrderStatus.CANCELLED
    [event] = session.added
    assert event["type"] == "order.cancelled"
    assert event["payload"]["data"]["reason"] == "limit exceeded"
    assert event["payload"]["data"]["user_id"] == str(order.user_id)
    assert event["payload"]["data"]["recipient"]["email"] == "ada@example.com"


@pytest.mark.parametrize("make_event", [succeeded, failed])
def test_an_order_placed_before_recipients_were_kept_sends_its_event_without_one(make_event):
    order = an_order(recipient=False)
    session = FakeSession(order)

    handle(session, make_event(order.id))

    [event] = session.added
    assert event["payload"]["data"]["recipient"] is None


def test_a_second_success_for_a_confirmed_order_changes_nothing():
    order = an_order(OrderStatus.CONFIRMED)
    session = FakeSession(order)

    handle(session, succeeded(order.id))

    assert order.status == OrderStatus.CONFIRMED
    assert session.added == []


def test_a_failed_payment_for_a_confirmed_order_is_ignored_not_poison():
    order = an_order(OrderStatus.CONFIRMED)
    session = FakeSession(order)

    handle(session, failed(order.id))

    assert order.status == OrderStatus.CONFIRMED
    assert session.added == []


@pytest.mark.parametrize("make_event", [succeeded, failed])
def test_an_event_for_an_unknown_order_is_poison(make_event):
    with pytest.raises(PoisonMessage, match="no order"):
        handle(FakeSession(), make_event(uuid.uuid4()))


def test_a_failed_payment_without_a_reason_is_poison():
    order = an_order()
    envelope = new_envelope(
        PAYMENT_FAILED,
        {"payment_id": str(uuid.uuid4()), "order_id": str(order.id), "amount_cents": 1},
    )

    with pytest.raises(PoisonMessage, match="reason"):
        handle(FakeSession(order), envelope)
    assert order.status == OrderStatus.PENDING
