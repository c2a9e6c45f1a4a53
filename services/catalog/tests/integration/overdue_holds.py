"""Overdue holds, committed: a product, and a hold on it dated an hour back.

Expired with a hold time of `HOLD` (half an hour), such a hold is overdue, while the holds
other tests leave committed in the database (made seconds ago) are not.
"""

import uuid
from datetime import timedelta

from catalog import reservations, service
from catalog.models import Reservation
from catalog.schemas import ProductCreate, ReservationCreate, ReservationLineCreate
from sqlalchemy import func, update
from sqlalchemy.orm import Session

from testkit.data import random_sku

HOLD = timedelta(minutes=30)


def product(session: Session, stock: int = 10) -> str:
    sku = random_sku()
    data = ProductCreate(sku=sku, name="Lamp", price_cents=4200, stock=stock)
    service.create_product(session, data=data)
    return sku


def hold_made_an_hour_ago(session: Session, sku: str, quantity: int = 4) -> uuid.UUID:
    order_id = uuid.uuid4()
    lines = [ReservationLineCreate(sku=sku, quantity=quantity)]
    reservations.reserve(session, data=ReservationCreate(order_id=order_id, lines=lines))
    session.execute(
        update(Reservation)
        .where(Reservation.order_id == order_id)
        .values(created_at=func.clock_timestamp() - timedelta(hours=1))
    )
    session.commit()
    return order_id
