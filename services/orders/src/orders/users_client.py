"""The users service as orders needs it: does user X exist, and where do their e-mails go?"""

import uuid
from dataclasses import dataclass
from typing import Protocol

import httpx
from pydantic import BaseModel

from chassis.downstream import read, send, unexpected


@dataclass(frozen=True)
class UserRef:
    id: uuid.UUID
    email: str
    name: str


class UsersClient(Protocol):
    def get_user(self, user_id: uuid.UUID) -> UserRef | None:
        """The user, None when the users service does not know them."""
        ...


class UserDocument(BaseModel):
    """The fields read from `GET /users/{id}`; the others are ignored."""

    id: uuid.UUID
    email: str
    name: str


class HttpUsersClient:
    """UsersClient over HTTP (an httpx.Client with base URL, bearer token and timeout)."""

    def __init__(self, http: httpx.Client) -> None:
        self._http = http

    def get_user(self, user_id: uuid.UUID) -> UserRef | None:
        response = send(self._http, "GET", f"/users/{user_id}", service="users")
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise unexpected(response, service="users")
        user = read(response, UserDocument, service="users")
        return UserRef(id=user.id, email=user.email, name=user.name)

    def close(self) -> None:
        self._http.close()
