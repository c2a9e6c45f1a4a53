"""The tables the notifications service owns."""

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, DateTime, Index, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from notifications.db import Base


class NotificationKind(StrEnum):
    ORDER_CONFIRMED = "order_confirmed"
    ORDER_CANCELLED = "order_cancelled"


class Notification(Base):
    """An e-mail the service would have sent: recorded, never mailed."""

    __tablename__ = "notifications"
    __table_args__ = (
        # One e-mail per order and kind, however often (and under whatever id) the event arrives.
        UniqueConstraint("order_id", "kind"),
        CheckConstraint("kind IN ('order_confirmed', 'order_cancelled')", name="kind_is_known"),
        # GET /notifications?user_id= reads one user's notifications, newest first.
        Index("ix_notifications_user_id_created_at", "user_id", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID]
    order_id: Mapped[uuid.UUID]
    kind: Mapped[str] = mapped_column(String(32))
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    # clock_timestamp(), not now(): the time of this insert, not of its transaction's start.
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.clock_timestamp()
    )


class ProcessedMessage(Base):
    """The id of every event already applied, so that a redelivered event is applied once."""

    __tablename__ = "processed_messages"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(100))
    processed_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.clock_timestamp()
    )
