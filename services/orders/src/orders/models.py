"""The tables the orders service owns, and the chassis' outbox and inbox in its metadata."""

import uuid
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from chassis.db import service_metadata
from chassis.messaging.inbox import Inbox
from chassis.messaging.outbox import Outbox
from orders.domain import OrderStatus, PricedLine


class Base(DeclarativeBase):
    """Base of the service's models; Alembic compares migrations against its metadata."""

    metadata = service_metadata()


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (
        CheckConstraint("status IN ('PENDING', 'CONFIRMED', 'CANCELLED')", name="status_is_known"),
        CheckConstraint("total_cents >= 0", name="total_not_negative"),
        CheckConstraint("currency ~ '^[A-Z]{3}$'", name="currency_is_iso_4217"),
        # GET /orders?user_id= reads one user's orders, newest first.
        Index("ix_orders_user_id_created_at", "user_id", "created_at"),
    )
    # Read server-made timestamps back at once, so a committed order can still be serialised.
    __mapper_args__ = {"eager_defaults": True}  # noqa: RUF012

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    user_id: Mapped[uuid.UUID]
    status: Mapped[str] = mapped_column(String(16), default=OrderStatus.PENDING)
    total_cents: Mapped[int] = mapped_column(BigInteger)
    # The total's currency (ISO 4217). Every price so far is in euro cents: the old rows were
    # set to EUR (migration 0002) and the API does not show it yet.
    currency: Mapped[str] = mapped_column(String(3), server_default="EUR")
    # Who the order's e-mails go to, as users knew them when it was placed: order.confirmed and
    # order.cancelled carry them, so notifications need not ask users (migration 0003; NULL for
    # the orders of before, whose events leave notifications to ask).
    recipient_email: Mapped[str | None] = mapped_column(String(320))
    recipient_name: Mapped[str | None] = mapped_column(String(200))
    # clock_timestamp(), not now(): the time of this statement, not of its transaction's start.
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.clock_timestamp()
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True),
        server_default=func.clock_timestamp(),
        onupdate=func.clock_timestamp(),
    )
    lines: Mapped[list["OrderLine"]] = relationship(
        order_by="OrderLine.position", cascade="all, delete-orphan", lazy="selectin"
    )

    def priced_lines(self) -> list[PricedLine]:
        return [
            PricedLine(sku=line.sku, quantity=line.quantity, unit_price_cents=line.unit_price_cents)
            for line in self.lines
        ]


class OrderLine(Base):
    __tablename__ = "order_lines"
    __table_args__ = (
        UniqueConstraint("order_id", "sku"),
        CheckConstraint("quantity BETWEEN 1 AND 1000", name="quantity_in_range"),
        CheckConstraint("unit_price_cents >= 0", name="unit_price_not_negative"),
    )

    order_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("orders.id", ondelete="CASCADE"), primary_key=True
    )
    # The line's place in the request, so that the order reads back as it was placed.
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    sku: Mapped[str] = mapped_column(String(64))
    quantity: Mapped[int]
    unit_price_cents: Mapped[int] = mapped_column(BigInteger)


# order.placed/confirmed/cancelled are stored here with the change that caused them.
outbox = Outbox(Base.metadata)
# The ids of the payment events already applied, so that a redelivery is applied once.
inbox = Inbox(Base.metadata)
