"""Holds: stock reserved for an order is kept only once order.placed says the order exists.

orders reserves, then stores the order with its order.placed in one transaction. If it dies in
between, or never learns whether its reserve went through and cannot release it, no order
exists for the stock taken: the hold expires after the hold time, and its stock comes back.

Expiry and a late order.placed are decided once, by the reservation's row lock. The hold time
(CATALOG_HOLD_SECONDS, 5 minutes) is far longer than orders takes from reserve to commit (two
bounded calls: seconds), so an order.placed that finds its hold expired is one that waited in
orders' outbox or on the broker (an outage) longer than that. The order then exists, so the
catalog takes its stock again: there usually is some, and a sale is what the hold was for. When
there is not, the order is oversold: the catalog logs it as an error and keeps the hold expired
(it publishes nothing orders could act on; orders goes on as if the stock were held).
"""

import logging
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import DateTime, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from catalog.models import Reservation, ReservationStatus
from catalog.reservations import give_back, lock_reservation
from catalog.service import lock_products

log = logging.getLogger(__name__)


def confirm_hold(session: Session, *, order_id: uuid.UUID) -> ReservationStatus | None:
    """order.placed: keep the order's stock, in the caller's transaction; the same again: nothing.

    An expired hold takes its stock again when there is enough (else it is logged, oversold).
    A released one stays released: its order was cancelled, or stored after orders had given
    the stock back. Its status after; None when the catalog never reserved anything for it.
    """
    return keep(session, order_id, ReservationStatus.CONFIRMED)


def sell_hold(session: Session, *, order_id: uuid.UUID) -> ReservationStatus | None:
    """order.confirmed: the order is paid, its stock sold for good; the same again: nothing.

    As `confirm_hold`, which an order.confirmed may overtake (they come on queues of their
    own), and a sold reservation is final: no DELETE, no order.cancelled gives it back.
    """
    return keep(session, order_id, ReservationStatus.SOLD)


# What the event that moves a hold on to each status says of its order, for the logs.
SAYS = {ReservationStatus.CONFIRMED: "was placed", ReservationStatus.SOLD: "was paid for"}
# The statuses a hold moves on from, to each status, with nothing else to do: never back.
MOVES_ON_FROM = {
    ReservationStatus.CONFIRMED: (ReservationStatus.RESERVED,),
    ReservationStatus.SOLD: (ReservationStatus.RESERVED, ReservationStatus.CONFIRMED),
}


def keep(
    session: Session, order_id: uuid.UUID, status: ReservationStatus
) -> ReservationStatus | None:
    """Move the order's hold on to `status` (confirmed, then sold), never back; its status after.

    The usual case, a held reservation moving on, is one UPDATE, which takes the row's lock as
    `lock_reservation` would (and reads the row again if another transaction changed it first);
    every other case is decided on the row locked, its lines loaded.
    """
    moved = session.execute(
        update(Reservation)
        .where(Reservation.order_id == order_id, Reservation.status.in_(MOVES_ON_FROM[status]))
        .values(
            status=status,
            # When the order was first known to exist: a sale keeps the date of its placing.
            confirmed_at=func.coalesce(Reservation.confirmed_at, datetime.now(UTC)),
        )
        .returning(Reservation.order_id)
    ).first()
    if moved is not None:
        return status
    reservation = lock_reservation(session, order_id)
    if reservation is None:
        log.error("order %s %s, but the catalog reserved nothing for it", order_id, SAYS[status])
        return None
    if reservation.status in MOVES_ON_FROM[status]:  # a reserve committed since the UPDATE
        confirm(reservation, status)
    elif reservation.status == ReservationStatus.EXPIRED:
        take_again(session, reservation, status)
    elif reservation.status == ReservationStatus.RELEASED:
        log.warning("order %s %s after its stock was released", order_id, SAYS[status])
    session.flush()
    return ReservationStatus(reservation.status)


def confirm(reservation: Reservation, status: ReservationStatus) -> None:
    reservation.status = status
    # When the order was first known to exist: a sale keeps the date of its placing.
    reservation.confirmed_at = reservation.confirmed_at or datetime.now(UTC)


def take_again(session: Session, reservation: Reservation, status: ReservationStatus) -> None:
    """The stock of an expired hold, taken again for its order if all of it is there."""
    products = lock_products(session, (line.sku for line in reservation.lines))
    short = [line.sku for line in reservation.lines if products[line.sku].stock < line.quantity]
    if short:
        log.error(
            "order %s %s after its hold expired, and %s sold out since: oversold",
            reservation.order_id,
            SAYS[status],
            ", ".join(short),
        )
        return
    for line in reservation.lines:
        products[line.sku].stock -= line.quantity
    reservation.released_at = None
    confirm(reservation, status)


def expire_overdue(session: Session, *, hold: timedelta, limit: int = 100) -> list[Reservation]:
    """Give back the stock of holds older than `hold` never confirmed; at most `limit` of them.

    In the caller's transaction. SKIP LOCKED: a hold being confirmed (or released) right now is
    left to that transaction, and several catalogs expire side by side without waiting on each
    other; what is skipped is looked at again in the next round.
    """
    overdue = session.scalars(
        select(Reservation)
        .where(
            Reservation.status == ReservationStatus.RESERVED,
            # The database's clock on both sides: the same clock that dated the hold.
            Reservation.created_at < func.clock_timestamp(type_=DateTime(timezone=True)) - hold,
        )
        .order_by(Reservation.created_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    ).all()
    if overdue:
        give_back(session, overdue)
        for reservation in overdue:
            reservation.status = ReservationStatus.EXPIRED
            log.warning("the hold of order %s expired unconfirmed", reservation.order_id)
        session.flush()
    return list(overdue)


def expire_all(sessions: sessionmaker[Session], *, hold: timedelta, batch: int = 100) -> int:
    """One round of the expiry worker: every overdue hold, a batch per transaction; how many."""
    expired = 0
    while True:
        with sessions() as session, session.begin():
            count = len(expire_overdue(session, hold=hold, limit=batch))
        expired += count
        if count < batch:
            return expired
