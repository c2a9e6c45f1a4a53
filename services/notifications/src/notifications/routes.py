"""The notifications API: read-only, since notifications come from events."""

import uuid
from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.orm import Session

from notifications import service
from notifications.auth import require_scope
from notifications.schemas import NotificationList, NotificationPublic


def get_session(request: Request) -> Iterator[Session]:
    with request.app.state.session_factory() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
router = APIRouter(prefix="/notifications", tags=["notifications"])


@router.get(
    "",
    response_model=NotificationList,
    dependencies=[Depends(require_scope("notifications:read"))],
)
def list_notifications(
    session: SessionDep,
    user_id: Annotated[uuid.UUID, Query(description="Whose notifications.")],
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> NotificationList:
    """A user's notifications, newest first."""
    notifications = service.list_notifications(session, user_id=user_id, limit=limit)
    return NotificationList(items=[NotificationPublic.model_validate(n) for n in notifications])
