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
from catalog.events import ORDER_CANCELLED, ORDER_PLACED, OrderCancelled, OrderPlaced
from chassis.messaging.envelope import Envelope, read_payload
from chassis.messaging.inbox import Handler


class UseCase(Protocol):
    """A use case on one order's reservation: release, or confirm."""

    def __call__(self, session: Session, *, order_id: uuid.UUID) -> object: ...


def keep_placed_order(session: Session, envelope: Envelope, *, confirm: UseCase) -> None:
    """The order exists: its hold is confirmed and no longer expires."""
    event = read_payload(envelope, OrderPlaced)
    confirm(session, order_id=event.order_id)


def release_cancelled_order(session: Session, envelope: Envelope, *, release: UseCase) -> None:
    """Give back the stock of a cancelled order, with the same use case as DELETE.

    An order cancelled before it reserved anything (e.g. out of stock) is not poison: the
    release leaves a tombstone and gives nothing back.
    """
    event = read_payload(envelope, OrderCancelled)
    release(session, order_id=event.order_id)


def make_handlers(
    *,
    release: UseCase = reservations.release_reservation,
    confirm: UseCase = holds.confirm_hold,
) -> Mapping[str, Handler]:
    """Event type -> handler, with the use cases (fake ones in unit tests) bound."""
    return {
        ORDER_PLACED: partial(keep_placed_order, confirm=confirm),
        ORDER_CANCELLED: partial(release_cancelled_order, release=release),
    }
