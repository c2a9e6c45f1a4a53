"""Message handlers: an order.placed becomes a payment and its outcome event, in one transaction.

Each handler is a chassis `Handler`, `(session, envelope) -> None`, run by the inbox's
`apply_once` inside the transaction that records the envelope id. It raises PoisonMessage for an
event that can never be applied (a payload missing a field); the consumer dead-letters those.
"""

import functools
import logging
import uuid
from collections.abc import Mapping

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from chassis.messaging.envelope import Envelope, new_envelope, read_payload
from chassis.messaging.inbox import Handler
from payments.domain import Decision, decide
from payments.events import (
    ORDER_PLACED,
    PAYMENT_FAILED,
    PAYMENT_SUCCEEDED,
    OrderPlaced,
    PaymentFailed,
    PaymentSucceeded,
)
from payments.models import Payment, outbox

log = logging.getLogger(__name__)


def outcome_event(payment_id: uuid.UUID, order: OrderPlaced, decision: Decision) -> Envelope:
    """payment.succeeded or payment.failed (with its reason) for the charged order."""
    fields = {
        "payment_id": payment_id,
        "order_id": order.order_id,
        "amount_cents": order.total_cents,
    }
    if decision.succeeded:
        return new_envelope(PAYMENT_SUCCEEDED, PaymentSucceeded(**fields))
    return new_envelope(PAYMENT_FAILED, PaymentFailed(**fields, reason=decision.reason or ""))


def charge_order(session: Session, envelope: Envelope, *, limit_cents: int) -> None:
    """order.placed: store the payment and put its outcome in the outbox, unless already charged."""
    order = read_payload(envelope, OrderPlaced)
    decision = decide(order.total_cents, limit_cents=limit_cents)
    # The unique order_id decides, not a prior SELECT: a second order.placed for the same order
    # (another message id, or a racing replica) inserts nothing and publishes nothing.
    payment_id = session.execute(
        insert(Payment)
        .values(
            id=uuid.uuid4(),
            order_id=order.order_id,
            user_id=order.user_id,
            amount_cents=order.total_cents,
            status=decision.status.value,
            reason=decision.reason,
            decline_code=decision.code,
        )
        .on_conflict_do_nothing(index_elements=[Payment.order_id])
        .returning(Payment.id)
    ).scalar_one_or_none()
    if payment_id is None:
        log.info(
            "order %s was charged before; %s %s ignored", order.order_id, envelope.type, envelope.id
        )
        return
    outbox.add(session, outcome_event(payment_id, order, decision))


def make_handlers(*, limit_cents: int) -> Mapping[str, Handler]:
    """The handler of each consumed event type, with the payment rule's limit bound in."""
    return {ORDER_PLACED: functools.partial(charge_order, limit_cents=limit_cents)}
