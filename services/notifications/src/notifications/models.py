"""The tables the notifications service owns."""

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, DateTime, Index, String, Text, UniqueConstraint, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from chassis.db import service_metadata
from chassis.messaging.inbox import Inbox


class Base(DeclarativeBase):
    """Base of the service's models; Alembic compares migrations against its metadata."""

    metadata = service_metadata()


class NotificationKind(StrEnum):
    ORDER_CONFIRMED = "order_confirmed"
    ORDER_CANCELLED = "order_cancelled"


class NotificationChannel(StrEnum):
    """How a notification reaches its recipient: by e-mail alone, so far."""

    EMAIL = "email"


class Notification(Base):
    """An e-mail the service would have sent: recorded, never mailed."""

    __tablename__ = "notifications"
    __table_args__ = (
        # One e-mail per order and kind, however often (and under whatever id) the event arrives.
        UniqueConstraint("order_id", "kind"),
        CheckConstraint("kind IN ('order_confirmed', 'order_cancelled')", name="kind_is_known"),
        CheckConstraint("channel IN ('email')", name="channel_is_known"),
        # GET /notifications?user_id= reads one user's notifications, newest first.
        Index("ix_notifications_user_id_created_at", "user_id", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID]
    order_id: Mapped[uuid.UUID]
    kind: Mapped[str] = mapped_column(String(32))
    # Every notification recorded before the column (migration 0002) was an e-mail.
    channel: Mapped[str] = mapped_column(String(16), server_default=NotificationChannel.EMAIL)
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    # clock_timestamp(), not now(): the time of this insert, not of its transaction's start.
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.clock_timestamp()
    )


# The id of every event already applied (`processed_messages`), so that a redelivered event is
# applied once.
inbox = Inbox(Base.metadata)
