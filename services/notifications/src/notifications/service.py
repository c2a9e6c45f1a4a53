"""Use cases of the notifications service: keyword-only functions over a session."""

import uuid

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from notifications.models import Notification
from notifications.schemas import NotificationCreate


def record_notification(session: Session, *, notification: NotificationCreate) -> bool:
    """Add a notification in the caller's transaction; False if the order already has one.

    The unique (order_id, kind) constraint decides, so the same event published twice under
    two ids still records one e-mail, and nothing is raised that would abort the transaction.
    """
    statement = (
        insert(Notification)
        .values(id=uuid.uuid4(), **notification.model_dump())
        .on_conflict_do_nothing(index_elements=[Notification.order_id, Notification.kind])
        .returning(Notification.id)
    )
    # RETURNING, not rowcount: it names the row inserted, and nothing when the conflict won.
    return session.execute(statement).scalar_one_or_none() is not None


def list_notifications(
    session: Session, *, user_id: uuid.UUID, limit: int, offset: int
) -> list[Notification]:
    """A user's notifications, newest first, a page of them."""
    return list(
        session.scalars(
            select(Notification)
            .where(Notification.user_id == user_id)
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(limit)
            .offset(offset)
        )
    )
