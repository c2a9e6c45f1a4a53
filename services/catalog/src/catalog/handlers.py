"""Message handlers: from an event to its effect on stock, in the caller's transaction.

Each handler is a function `(session, envelope) -> None` once its dependencies are bound by
`make_handlers`. It raises PoisonMessage for an event that can never be applied; the inbox
records the event's id in the same transaction, so a redelivered event is applied once.
"""

import uuid
from collections.abc import Mapping
from functools import partial
from typing import Protocol

from sqlalchemy.orm import Session

from catalog import holds, reservations
from catalog.events import (
    ORDER_CANCELLED,
    ORDER_CONFIRMED,
    ORDER_PLACED,
    OrderCancelled,
    OrderConfirmed,
    OrderPlaced,
)
from chassis.errors import Conflict
from chassis.messaging.envelope import Envelope, PoisonMessage, read_payload
from chassis.messaging.inbox import Handler


class UseCase(Protocol):
    """A use case on one order's reservation: release, confirm, or sell."""

    def __call__(self, session: Session, *, order_id: uuid.UUID) -> object: ...


def keep_placed_order(session: Session, envelope: Envelope, *, confirm: UseCase) -> None:
    """The order exists: its hold is confirmed and no longer expires."""
    event = read_payload(envelope, OrderPlaced)
    confirm(session, order_id=event.order_id)


def sell_confirmed_order(session: Session, envelope: Envelope, *, sell: UseCase) -> None:
    """The order is paid: its stock is sold, and no later cancellation gives it back."""
    event = read_payload(envelope, OrderConfirmed)
    sell(session, order_id=event.order_id)


def release_cancelled_order(session: Session, envelope: Envelope, *, release: UseCase) -> None:
    """Give back the stock of a cancelled order, with the same use case as DELETE.

    An order cancelled before it reserved anything (e.g. out of stock) is not poison: the
    release leaves a tombstone and gives nothing back. The cancellation of a paid order is:
    orders never cancels one, so the event is forged or a bug. It is dead-lettered with the
    reason, not merely logged: it gives nothing back, and it waits in the dead-letter queue
    for someone to look at it (`chassis.messaging.dead_letters list`).
    """
    event = read_payload(envelope, OrderCancelled)
    try:
        release(session, order_id=event.order_id)
    except Conflict as kept:
        raise PoisonMessage(kept.detail) from kept


def make_handlers(
    *,
    release: UseCase = reservations.release_cancelled,
    confirm: UseCase = holds.confirm_hold,
    sell: UseCase = holds.sell_hold,
) -> Mapping[str, Handler]:
    """Event type -> handler, with the use cases (fake ones in unit tests) bound."""
    return {
        ORDER_PLACED: partial(keep_placed_order, confirm=confirm),
        ORDER_CONFIRMED: partial(sell_confirmed_order, sell=sell),
        ORDER_CANCELLED: partial(release_cancelled_order, release=release),
    }
