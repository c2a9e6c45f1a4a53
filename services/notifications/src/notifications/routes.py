"""The notifications API: read-only, since notifications come from events."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from chassis.auth import require_scope
from chassis.deps import SessionDep
from chassis.pagination import DEFAULT_LIMIT, Limit, Offset
from notifications import service
from notifications.schemas import NotificationList, NotificationPublic

router = APIRouter(prefix="/notifications", tags=["notifications"])


@router.get(
    "",
    response_model=NotificationList,
    dependencies=[Depends(require_scope("notifications:read"))],
)
def list_notifications(
    session: SessionDep,
    user_id: Annotated[uuid.UUID, Query(description="Whose notifications.")],
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> NotificationList:
    """A user's notifications, newest first."""
    notifications = service.list_notifications(session, user_id=user_id, limit=limit, offset=offset)
    return NotificationList(items=[NotificationPublic.model_validate(n) for n in notifications])
