"""Use cases of the users service: keyword-only functions over a session."""

import uuid

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from chassis.errors import Conflict, NotFound
from users.models import User
from users.schemas import UserCreate


def create_user(session: Session, *, data: UserCreate) -> User:
    """Store a new user; an e-mail that is already taken is a Conflict, and nothing is written."""
    user = User(email=data.email, name=data.name)
    session.add(user)
    try:
        session.commit()
    except IntegrityError as error:
        session.rollback()
        # The unique constraint decides, not a prior SELECT: two racing requests can't both win.
        raise Conflict(f"a user with e-mail {data.email} already exists") from error
    return user


def get_user(session: Session, *, user_id: uuid.UUID) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"no user {user_id}")
    return user


def list_users(session: Session, *, limit: int, offset: int) -> tuple[list[User], int]:
    """One page of users, oldest first, and how many there are in all."""
    page = session.scalars(
        select(User).order_by(User.created_at, User.id).limit(limit).offset(offset)
    ).all()
    total = session.scalar(select(func.count()).select_from(User)) or 0
    return list(page), total
