"""Use cases of the payments API: keyword-only functions over a session."""

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from payments.models import Payment


def payments_of_order(session: Session, *, order_id: uuid.UUID) -> list[Payment]:
    """The order's payments, oldest first; empty when it has not been charged (yet)."""
    return list(
        session.scalars(
            select(Payment).where(Payment.order_id == order_id).order_by(Payment.created_at)
        ).all()
    )
