"""Message handlers: from an event to its effect on stock, in the caller's transaction.

Each handler is a function `(session, envelope) -> None` once its dependencies are bound by
`make_handlers`. It raises PoisonMessage for an event that can never be applied; the inbox
records the event's id in the same transaction, so a redelivered event is applied once.
"""

import uuid
from collections.abc import Mapping
from contextlib import suppress
from functools import partial
from typing import Protocol

from sqlalchemy.orm import Session

from catalog import reservations
from catalog.events import ORDER_CANCELLED, OrderCancelled
from chassis.errors import NotFound
from chassis.messaging.envelope import Envelope, read_payload
from chassis.messaging.inbox import Handler


class Releaser(Protocol):
    def __call__(self, session: Session, *, order_id: uuid.UUID) -> object: ...


def release_cancelled_order(session: Session, envelope: Envelope, *, release: Releaser) -> None:
    """Give back the stock of a cancelled order, with the same use case as DELETE."""
    event = read_payload(envelope, OrderCancelled)
    # An order cancelled before it reserved anything (e.g. out of stock): nothing to give
    # back. Not poison: the event is valid, it simply has no effect here.
    with suppress(NotFound):
        release(session, order_id=event.order_id)


def make_handlers(*, release: Releaser = reservations.release_reservation) -> Mapping[str, Handler]:
    """Event type -> handler, with the release use case (a fake one in unit tests) bound."""
    return {ORDER_CANCELLED: partial(release_cancelled_order, release=release)}
