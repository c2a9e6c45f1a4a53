"""Message handlers: a payment's outcome becomes the order's status, in the caller's transaction.

Each handler is a function `(session, envelope) -> None`. It raises PoisonMessage for an event
that can never be applied (a payload missing a field, an order this service does not know); the
consumer dead-letters those. An illegal transition (a payment.failed for a confirmed order) is
logged and dropped: retrying cannot make it legal, and it is no sign of a broken message.
"""

import logging
import uuid
from collections.abc import Mapping

from sqlalchemy.orm import Session, lazyload

from chassis.messaging.envelope import Envelope, PoisonMessage, new_envelope, read_payload
from chassis.messaging.inbox import Handler
from orders.domain import IllegalTransition, OrderStatus, transition
from orders.events import (
    ORDER_CANCELLED,
    ORDER_CONFIRMED,
    PAYMENT_FAILED,
    PAYMENT_SUCCEEDED,
    OrderCancelled,
    OrderConfirmed,
    PaymentFailed,
    PaymentSucceeded,
    Recipient,
)
from orders.models import Order, outbox

log = logging.getLogger(__name__)


def locked_order(session: Session, order_id: uuid.UUID) -> Order:
    """The order, locked until the transaction ends, so two events can't both move it.

    Without its lines: no handler reads them, and loading them was a second query per event.
    """
    order = session.get(Order, order_id, with_for_update=True, options=[lazyload(Order.lines)])
    if order is None:
        raise PoisonMessage(f"no order {order_id}")
    return order


def moved(order: Order, target: OrderStatus, envelope: Envelope) -> bool:
    """Set the order's status; False (and logged) when it is already there or cannot go there."""
    try:
        changed = transition(OrderStatus(order.status), target)
    except IllegalTransition as illegal:
        log.warning("%s %s ignored: %s", envelope.type, envelope.id, illegal)
        return False
    if changed:
        order.status = target
    return changed


def recipient_of(order: Order) -> Recipient | None:
    """Where the order's e-mails go, for its events; None for an order placed before it was kept."""
    if order.recipient_email is None or order.recipient_name is None:
        return None
    return Recipient(email=order.recipient_email, name=order.recipient_name)


def confirm_order(session: Session, envelope: Envelope) -> None:
    """payment.succeeded: the order is CONFIRMED and order.confirmed goes to the outbox."""
    payment = read_payload(envelope, PaymentSucceeded)
    order = locked_order(session, payment.order_id)
    if moved(order, OrderStatus.CONFIRMED, envelope):
        confirmed = OrderConfirmed(
            order_id=order.id,
            user_id=order.user_id,
            total_cents=order.total_cents,
            recipient=recipient_of(order),
        )
        outbox.add(session, new_envelope(ORDER_CONFIRMED, confirmed))


def cancel_order(session: Session, envelope: Envelope) -> None:
    """payment.failed: the order is CANCELLED and order.cancelled goes to the outbox."""
    payment = read_payload(envelope, PaymentFailed)
    order = locked_order(session, payment.order_id)
    if moved(order, OrderStatus.CANCELLED, envelope):
        cancelled = OrderCancelled(
            order_id=order.id,
            user_id=order.user_id,
            reason=payment.reason,
            recipient=recipient_of(order),
        )
        outbox.add(session, new_envelope(ORDER_CANCELLED, cancelled))


HANDLERS: Mapping[str, Handler] = {
    PAYMENT_SUCCEEDED: confirm_order,
    PAYMENT_FAILED: cancel_order,
}
