"""Message handlers: from an event to the notification it records, in the caller's transaction.

Each handler is a function `(session, envelope) -> None` once its dependencies are bound by
`make_handlers`. It raises PoisonMessage for an event that can never be applied (a payload
missing a field, a user the users service does not know) and lets DownstreamUnavailable through
for one worth retrying; the chassis' consumer turns those into a dead letter or a requeue.
"""

import uuid
from collections.abc import Mapping
from functools import partial
from typing import Protocol

from sqlalchemy.orm import Session

from chassis.messaging.envelope import Envelope, PoisonMessage, read_payload
from chassis.messaging.inbox import Handler
from notifications import service
from notifications.emails import order_cancelled_email, order_confirmed_email
from notifications.events import (
    ORDER_CANCELLED,
    ORDER_CONFIRMED,
    EventRecipient,
    OrderCancelled,
    OrderConfirmed,
)
from notifications.models import NotificationKind
from notifications.schemas import NotificationCreate
from notifications.users_client import Recipient, UsersClient


class Recorder(Protocol):
    def __call__(self, session: Session, *, notification: NotificationCreate) -> bool: ...


def find_recipient(
    users: UsersClient, user_id: uuid.UUID, given: EventRecipient | None
) -> Recipient:
    """The event's recipient when it carries one (no call); else the users service's answer."""
    if given is not None:
        return Recipient(user_id=user_id, email=given.email, name=given.name)
    recipient = users.get_user(user_id)
    if recipient is None:
        # Retrying cannot make an unknown user known: this event goes to the dead letters.
        raise PoisonMessage(f"the users service does not know user {user_id}")
    return recipient


def notify_order_confirmed(
    session: Session, envelope: Envelope, *, users: UsersClient, record: Recorder
) -> None:
    event = read_payload(envelope, OrderConfirmed)
    recipient = find_recipient(users, event.user_id, event.recipient)
    email = order_confirmed_email(
        name=recipient.name, order_id=event.order_id, total_cents=event.total_cents
    )
    record(
        session,
        notification=NotificationCreate(
            user_id=event.user_id,
            order_id=event.order_id,
            kind=NotificationKind.ORDER_CONFIRMED,
            recipient=recipient.email,
            subject=email.subject,
            body=email.body,
        ),
    )


def notify_order_cancelled(
    session: Session, envelope: Envelope, *, users: UsersClient, record: Recorder
) -> None:
    event = read_payload(envelope, OrderCancelled)
    recipient = find_recipient(users, event.user_id, event.recipient)
    email = order_cancelled_email(name=recipient.name, order_id=event.order_id, reason=event.reason)
    record(
        session,
        notification=NotificationCreate(
            user_id=event.user_id,
            order_id=event.order_id,
            kind=NotificationKind.ORDER_CANCELLED,
            recipient=recipient.email,
            subject=email.subject,
            body=email.body,
        ),
    )


def make_handlers(
    *, users: UsersClient, record: Recorder = service.record_notification
) -> Mapping[str, Handler]:
    """Event type -> handler, with the users client (and, in unit tests, a fake record) bound."""
    return {
        ORDER_CONFIRMED: partial(notify_order_confirmed, users=users, record=record),
        ORDER_CANCELLED: partial(notify_order_cancelled, users=users, record=record),
    }
