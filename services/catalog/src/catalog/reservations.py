"""Use cases of reservations: stock taken for an order all at once, and given back once.

How a hold is confirmed or expires is catalog.holds'.
"""

import uuid
from collections.abc import Collection, Sequence
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from catalog.models import Product, Reservation, ReservationLine, ReservationStatus
from catalog.schemas import ReservationCreate
from catalog.service import lock_products
from chassis.errors import BadRequest, Conflict, FieldError


def reserve(session: Session, *, data: ReservationCreate) -> tuple[Reservation, bool]:
    """Reserve every line or none, in one transaction; also says whether it is new.

    A repeated request for the same order returns the reservation already made and takes
    nothing more. An unknown SKU is a BadRequest, a short line a Conflict; then nothing changes.
    """
    existing = session.get(Reservation, data.order_id)
    if existing is not None:
        return existing, False
    try:
        products = lock_products(session, (line.sku for line in data.lines))
        check_lines(data, products)
    except (BadRequest, Conflict):
        session.rollback()  # nothing was written; this lets go of the row locks at once
        raise
    for line in data.lines:
        products[line.sku].stock -= line.quantity
    reservation = Reservation(
        order_id=data.order_id,
        status=ReservationStatus.RESERVED,
        # In SKU order, as they are read back later: a repeated request gets the same answer.
        lines=[
            ReservationLine(
                sku=line.sku,
                quantity=line.quantity,
                unit_price_cents=products[line.sku].price_cents,
            )
            for line in sorted(data.lines, key=lambda line: line.sku)
        ],
    )
    session.add(reservation)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        # A concurrent request for the same order committed first: its reservation stands.
        existing = session.get(Reservation, data.order_id)
        if existing is None:
            raise
        return existing, False
    return reservation, True


def check_lines(data: ReservationCreate, products: dict[str, Product]) -> None:
    """BadRequest naming each unknown SKU's field; else Conflict naming each short SKU."""
    unknown = [
        FieldError(field=f"lines[{index}].sku", message=f"no product {line.sku}")
        for index, line in enumerate(data.lines)
        if line.sku not in products
    ]
    if unknown:
        raise BadRequest("the reservation names unknown products", unknown)
    short = [
        (index, line, products[line.sku].stock)
        for index, line in enumerate(data.lines)
        if products[line.sku].stock < line.quantity
    ]
    if short:
        raise Conflict(
            "not enough stock for " + ", ".join(line.sku for _, line, _ in short),
            [
                FieldError(
                    field=f"lines[{index}].quantity",
                    message=f"{line.sku}: {available} available, {line.quantity} asked for",
                )
                for index, line, available in short
            ],
        )


# Why a release is refused, for each status that keeps its stock (the Conflict's detail).
KEPT_BECAUSE = {
    ReservationStatus.CONFIRMED: "order {} was placed: only its cancellation gives its stock back",
    ReservationStatus.SOLD: "order {} is paid: its stock is sold and is never given back",
}
# What a client's DELETE may not release: a DELETE is for a reserve whose order orders could
# not store, and once order.placed came the order exists.
PLACED = frozenset({ReservationStatus.CONFIRMED, ReservationStatus.SOLD})
# What order.cancelled may not release: a paid order is never cancelled (orders' state machine),
# so such an event is forged or a bug, and the sold stock must not be sold twice.
PAID = frozenset({ReservationStatus.SOLD})


def release_reservation(
    session: Session, *, order_id: uuid.UUID, kept: Collection[str] = PLACED
) -> Reservation:
    """Give the order's stock back, in the caller's transaction; the same order again: nothing.

    A reservation whose status is in `kept` is a Conflict, and nothing is given back.

    The reservation row is locked first, so two releases at once (DELETE and an order.cancelled
    event) give the stock back only once. An order with no reservation gets a released one with
    no lines, a tombstone: orders releases whenever it does not know whether its reserve went
    through, and the reserve may still be on its way; arriving after the tombstone, it finds
    the order released and takes nothing (`reserve` answers what is there).
    """
    reservation = lock_reservation(session, order_id)
    if reservation is None:
        # ON CONFLICT, not a prior SELECT: a reserve committing at this moment wins the key,
        # and its reservation, locked next, is then released like any other.
        session.execute(
            insert(Reservation)
            .values(
                order_id=order_id,
                status=ReservationStatus.RELEASED,
                released_at=datetime.now(UTC),
            )
            .on_conflict_do_nothing(index_elements=[Reservation.order_id])
        )
        reservation = lock_reservation(session, order_id)
        assert reservation is not None  # ours, or the one that won the key
    if reservation.status in kept:
        raise Conflict(KEPT_BECAUSE[ReservationStatus(reservation.status)].format(order_id))
    if reservation.status == ReservationStatus.RELEASED:
        return reservation
    if reservation.status != ReservationStatus.EXPIRED:  # an expired hold's stock is back already
        give_back(session, [reservation])
    # Released, not merely expired: a late order.placed must not take the stock again.
    reservation.status = ReservationStatus.RELEASED
    session.flush()
    return reservation


def release_cancelled(session: Session, *, order_id: uuid.UUID) -> Reservation:
    """order.cancelled: as a DELETE, but a placed order's stock is given back too (not a paid's)."""
    return release_reservation(session, order_id=order_id, kept=PAID)


def lock_reservation(session: Session, order_id: uuid.UUID) -> Reservation | None:
    """The order's reservation locked FOR UPDATE until the transaction ends; None if none."""
    return session.scalar(
        select(Reservation)
        .where(Reservation.order_id == order_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def give_back(session: Session, held: Sequence[Reservation]) -> None:
    """Put the stock of `held` back on the shelf and date it; the caller sets their status."""
    products = lock_products(session, (line.sku for r in held for line in r.lines))
    for reservation in held:
        for line in reservation.lines:
            products[line.sku].stock += line.quantity
        reservation.released_at = datetime.now(UTC)
