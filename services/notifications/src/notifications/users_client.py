"""The users service as this service needs it: who is user X, and what is their e-mail?"""

import uuid
from dataclasses import dataclass
from typing import Protocol

from pydantic import BaseModel

from chassis.downstream import bearer_client, read, send, unexpected

SERVICE = "users"


@dataclass(frozen=True)
class Recipient:
    user_id: uuid.UUID
    email: str
    name: str


class UsersClient(Protocol):
    def get_user(self, user_id: uuid.UUID) -> Recipient | None:
        """The user, None when the users service does not know them."""
        ...


class UserDocument(BaseModel):
    """The fields read from `GET /users/{id}`; the others are ignored."""

    id: uuid.UUID
    email: str
    name: str


class HttpUsersClient:
    """UsersClient over HTTP: a bearer token and a bounded timeout on every call.

    Every way the call can fail is the chassis' DownstreamUnavailable, which its consumer
    requeues: the event is kept until the users service answers properly.
    """

    def __init__(self, *, base_url: str, token: str, timeout_seconds: float) -> None:
        self._http = bearer_client(base_url=base_url, token=token, timeout_seconds=timeout_seconds)

    def get_user(self, user_id: uuid.UUID) -> Recipient | None:
        response = send(self._http, "GET", f"/users/{user_id}", service=SERVICE)
        if response.status_code == 404:
            return None
        # Anything else but 200, a 401/403 included (a token that needs fixing, not a bad
        # message), is retried rather than dead-lettered.
        if response.status_code != 200:
            raise unexpected(response, service=SERVICE)
        user = read(response, UserDocument, service=SERVICE)
        return Recipient(user_id=user.id, email=user.email, name=user.name)

    def close(self) -> None:
        self._http.close()
