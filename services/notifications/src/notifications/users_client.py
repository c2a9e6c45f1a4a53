"""The users service as this service needs it: who is user X, and what is their e-mail?"""

import uuid
from dataclasses import dataclass
from typing import Protocol

import httpx
from pydantic import BaseModel, ValidationError


@dataclass(frozen=True)
class Recipient:
    user_id: uuid.UUID
    email: str
    name: str


class DownstreamUnavailable(Exception):
    """The users service is down, slow or answers nonsense: worth retrying later."""


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
    """UsersClient over HTTP: a bearer token and a bounded timeout on every call."""

    def __init__(self, *, base_url: str, token: str, timeout_seconds: float) -> None:
        self._http = httpx.Client(
            base_url=base_url,
            headers={"Authorization": f"Bearer {token}"},
            timeout=timeout_seconds,
        )

    def get_user(self, user_id: uuid.UUID) -> Recipient | None:
        try:
            response = self._http.get(f"/users/{user_id}")
        except httpx.TransportError as error:  # timeouts, refused connections, broken streams
            raise DownstreamUnavailable(f"the users service did not answer: {error!r}") from error
        if response.status_code == 404:
            return None
        # Anything but 200 here, a 401/403 included (a token that needs fixing, not a bad
        # message), is retried: the event is kept until the users service answers properly.
        if response.status_code != 200:
            raise DownstreamUnavailable(f"the users service answered {response.status_code}")
        try:
            user = UserDocument.model_validate_json(response.content)
        except ValidationError as error:
            raise DownstreamUnavailable("the users service answered an unreadable user") from error
        return Recipient(user_id=user.id, email=user.email, name=user.name)

    def close(self) -> None:
        self._http.close()
