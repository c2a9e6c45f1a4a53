"""The users API."""

import uuid

from fastapi import APIRouter, Depends, Response

from chassis.auth import require_scope
from chassis.deps import SessionDep
from chassis.pagination import DEFAULT_LIMIT, Limit, Offset
from users import service
from users.schemas import UserCreate, UserPage, UserPublic

router = APIRouter(prefix="/users", tags=["users"])


@router.post(
    "",
    status_code=201,
    response_model=UserPublic,
    dependencies=[Depends(require_scope("users:write"))],
)
def create_user(data: UserCreate, session: SessionDep, response: Response) -> UserPublic:
    """Create a user; the e-mail must not be taken."""
    user = service.create_user(session, data=data)
    response.headers["Location"] = f"/users/{user.id}"
    return UserPublic.model_validate(user)


@router.get(
    "/{user_id}", response_model=UserPublic, dependencies=[Depends(require_scope("users:read"))]
)
def get_user(user_id: uuid.UUID, session: SessionDep) -> UserPublic:
    """One user by id."""
    return UserPublic.model_validate(service.get_user(session, user_id=user_id))


@router.get("", response_model=UserPage, dependencies=[Depends(require_scope("users:read"))])
def list_users(session: SessionDep, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> UserPage:
    """A page of users, oldest first."""
    users, total = service.list_users(session, limit=limit, offset=offset)
    return UserPage(
        items=[UserPublic.model_validate(u) for u in users], total=total, limit=limit, offset=offset
    )
