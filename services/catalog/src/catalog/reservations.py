"""Use cases of reservations: stock taken for an order all at once, and given back once."""

import uuid
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from catalog.models import Product, Reservation, ReservationLine, ReservationStatus
from catalog.schemas import ReservationCreate
from catalog.service import lock_products
from chassis.errors import BadRequest, Conflict, FieldError, NotFound


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
            ReservationLine(sku=line.sku, quantity=line.quantity)
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


def release_reservation(session: Session, *, order_id: uuid.UUID) -> Reservation:
    """Give the order's stock back, in the caller's transaction; NotFound if it has none.

    Releasing a released reservation changes nothing. The reservation row is locked first, so
    two releases at once (DELETE and an order.cancelled event) give the stock back only once.
    """
    reservation = session.scalar(
        select(Reservation)
        .where(Reservation.order_id == order_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if reservation is None:
        raise NotFound(f"no reservation for order {order_id}")
    if reservation.status == ReservationStatus.RELEASED:
        return reservation
    products = lock_products(session, (line.sku for line in reservation.lines))
    for line in reservation.lines:
        products[line.sku].stock += line.quantity
    reservation.status = ReservationStatus.RELEASED
    reservation.released_at = datetime.now(UTC)
    session.flush()
    return reservation
