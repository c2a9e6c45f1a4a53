"""The tables the catalog service owns."""

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String, func, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from chassis.db import service_metadata
from chassis.messaging.inbox import Inbox


class Base(DeclarativeBase):
    """Base of the service's models; Alembic compares migrations against its metadata."""

    metadata = service_metadata()


class Product(Base):
    __tablename__ = "products"
    __table_args__ = (
        CheckConstraint("price_cents > 0", name="price_cents_positive"),
        # The last line of defence against overselling, should a code path forget to check.
        CheckConstraint("stock >= 0", name="stock_not_negative"),
    )

    sku: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    price_cents: Mapped[int]
    # Units available now: reserving takes them away, releasing gives them back.
    stock: Mapped[int]
    # clock_timestamp(), not now(): the time of this insert, not of its transaction's start.
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.clock_timestamp()
    )


class ReservationStatus(StrEnum):
    # A hold: the stock is taken, but orders has not yet said (order.placed) that it stored the
    # order. A hold that no order.placed confirms in time expires (catalog.holds).
    RESERVED = "reserved"
    # order.placed came: the order exists, and its stock stays taken until order.cancelled
    # (its payment failed). A client's DELETE no longer gives it back (a 409).
    CONFIRMED = "confirmed"
    # order.confirmed came: the order is paid, its stock is sold. Final: neither a DELETE nor
    # an order.cancelled gives it back.
    SOLD = "sold"
    # Given back for the order (DELETE, order.cancelled), or never taken (a tombstone): final.
    RELEASED = "released"
    # Given back because no order.placed came in time; a late one takes the stock again.
    EXPIRED = "expired"


STATUSES = ", ".join(f"'{status}'" for status in ReservationStatus)


class Reservation(Base):
    """The stock taken for one order; given back, it stays as a record that it was."""

    __tablename__ = "reservations"
    __table_args__ = (
        CheckConstraint(f"status IN ({STATUSES})", name="status_is_known"),
        # What the expiry looks for, oldest first: the holds still unconfirmed, a few at most.
        Index(
            "ix_reservations_unconfirmed",
            "created_at",
            postgresql_where=text("status = 'reserved'"),
        ),
    )

    # One reservation per order: the primary key is what makes a repeated request harmless.
    order_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    # When the stock was taken; a hold expires a set time after it (CATALOG_HOLD_SECONDS).
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.clock_timestamp()
    )
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # When the stock was given back (released or expired).
    released_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    lines: Mapped[list["ReservationLine"]] = relationship(
        order_by="ReservationLine.sku", lazy="selectin", cascade="all, delete-orphan"
    )


class ReservationLine(Base):
    __tablename__ = "reservation_lines"
    __table_args__ = (CheckConstraint("quantity >= 1", name="quantity_positive"),)

    order_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("reservations.order_id", ondelete="CASCADE"), primary_key=True
    )
    sku: Mapped[str] = mapped_column(ForeignKey("products.sku"), primary_key=True)
    quantity: Mapped[int]
    # The product's price when its stock was taken: the order is priced with the reservation.
    unit_price_cents: Mapped[int]


# The id of every event already applied (`processed_messages`), so a redelivery is applied once.
inbox = Inbox(Base.metadata)
