"""What the service records and what its API returns."""

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from notifications.models import NotificationChannel, NotificationKind


class NotificationCreate(BaseModel):
    """A notification to record, as a message handler decides it."""

    model_config = ConfigDict(frozen=True)

    user_id: uuid.UUID
    order_id: uuid.UUID
    kind: NotificationKind
    channel: NotificationChannel = NotificationChannel.EMAIL
    recipient: str = Field(max_length=320)
    subject: str = Field(max_length=200)
    body: str


class NotificationPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    user_id: uuid.UUID
    order_id: uuid.UUID
    kind: NotificationKind
    recipient: str = Field(description="The e-mail address the notification went to.")
    subject: str
    body: str
    created_at: datetime


class NotificationList(BaseModel):
    items: list[NotificationPublic] = Field(description="Newest first.")
