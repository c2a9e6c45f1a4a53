"""The tables the payments service owns, its outbox and its inbox among them."""

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, DateTime, String, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from chassis.db import service_metadata
from chassis.messaging.inbox import Inbox
from chassis.messaging.outbox import Outbox


class Base(DeclarativeBase):
    """Base of the service's models; Alembic compares migrations against its metadata."""

    metadata = service_metadata()


class Payment(Base):
    __tablename__ = "payments"
    __table_args__ = (
        CheckConstraint("status IN ('succeeded', 'failed')", name="status_is_known"),
        CheckConstraint("amount_cents >= 0", name="amount_not_negative"),
        CheckConstraint("decline_code IN ('limit_exceeded')", name="decline_code_is_known"),
        CheckConstraint(
            "(status = 'failed') = (decline_code IS NOT NULL)", name="failed_has_a_decline_code"
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    # Unique: an order is charged at most once, however often order.placed arrives.
    order_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    user_id: Mapped[uuid.UUID]
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(500))
    # domain.DeclineCode, set on a failed payment (migration 0002 derived the old ones' from
    # their reason); kept off the API and the events, which carry the reason.
    decline_code: Mapped[str | None] = mapped_column(String(32))
    # clock_timestamp(), not now(): the time of this insert, not of its transaction's start.
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.clock_timestamp()
    )


# A payment's outcome event, stored in the transaction that stores the payment.
outbox = Outbox(Base.metadata)
# The id of every event already applied (`processed_messages`), so that a redelivered event is
# applied once.
inbox = Inbox(Base.metadata)
