"""Notifications as a consumer of the users service: the real HttpUsersClient against Pact's mock.

Notifications needs a user's e-mail address and name to write to them, so the pact holds
`id`, `email` and `name`, and nothing else the users service sends. Each error the users
service may answer is pinned too, with what notifications makes of it: a 404 (a problem
document) is "no such user", and the event is dead-lettered (retrying cannot help); a 401 or
403 is a token to fix, DownstreamUnavailable, and the event is requeued until it is fixed.
"""

import uuid

import pytest
from notifications.users_client import HttpUsersClient, Recipient
from pact import Pact, match

from chassis.downstream import DownstreamUnavailable
from testkit.pact.auth import NO_VALID_TOKEN, TOKEN_LACKS_SCOPE
from testkit.pact.matchers import PROBLEM_JSON, bearer, path_with_state_id, problem

# The pact this module writes (the kit's `pact` fixture, each test adding its interaction):
# (consumer, provider).
PACT = ("notifications", "users")
USER_ID = "0f8e7a52-2d7c-4c0e-9a51-6a1d3f1e2b40"
TOKEN = "notifications-to-users"  # noqa: S105  (a test token, not a secret)


def test_a_known_user_gives_the_recipient(pact: Pact) -> None:
    """GET /users/{id} answers 200 with the id, e-mail and name of the user.

    The id is the one the users service made while setting up the state: the verifier puts it
    in the path (`${id}`), the example stands in for it here.
    """
    (
        pact.upon_receiving("a request for the recipient of a notification")
        .given("a user exists")
        .with_request("GET", path_with_state_id("/users/", USER_ID))
        .with_header("Authorization", bearer(TOKEN))
        .will_respond_with(200)
        .with_body(
            {
                "id": match.uuid(USER_ID),
                "email": match.regex("ada@example.com", regex=r"^[^@\s]+@[^@\s]+$"),
                "name": match.str("Ada Lovelace"),
            },
            content_type="application/json",
        )
    )

    with pact.serve() as server:
        client = HttpUsersClient(base_url=str(server.url), token=TOKEN, timeout_seconds=2.0)
        recipient = client.get_user(uuid.UUID(USER_ID))

    assert recipient == Recipient(
        user_id=uuid.UUID(USER_ID), email="ada@example.com", name="Ada Lovelace"
    )


def test_an_unknown_user_is_none(pact: Pact) -> None:
    """GET /users/{id} answers 404 for an id nobody has: None, which dead-letters the event."""
    unknown = "5d2b1f7e-9c4a-4e8b-b3a6-0c7d9e1f2a3b"
    (
        pact.upon_receiving("a request for a recipient who does not exist")
        .given("no user has the id", id=unknown)
        .with_request("GET", f"/users/{unknown}")
        .with_header("Authorization", bearer(TOKEN))
        .will_respond_with(404)
        .with_body(problem(404), content_type=PROBLEM_JSON)
    )

    with pact.serve() as server:
        client = HttpUsersClient(base_url=str(server.url), token=TOKEN, timeout_seconds=2.0)
        recipient = client.get_user(uuid.UUID(unknown))

    assert recipient is None


def test_a_token_the_users_service_does_not_know_is_downstream_unavailable(pact: Pact) -> None:
    """GET /users/{id} answers 401 when the token is not valid: the event is retried, not lost."""
    (
        pact.upon_receiving("a request for a recipient with a token that is not valid")
        .given(NO_VALID_TOKEN)
        .with_request("GET", f"/users/{USER_ID}")
        .with_header("Authorization", bearer(TOKEN))
        .will_respond_with(401)
        .with_body(problem(401), content_type=PROBLEM_JSON)
    )

    with pact.serve() as server:
        client = HttpUsersClient(base_url=str(server.url), token=TOKEN, timeout_seconds=2.0)
        with pytest.raises(DownstreamUnavailable, match="answered 401"):
            client.get_user(uuid.UUID(USER_ID))


def test_a_token_without_users_read_is_downstream_unavailable(pact: Pact) -> None:
    """GET /users/{id} answers 403 when the token lacks users:read: the event is retried."""
    (
        pact.upon_receiving("a request for a recipient with a token that lacks users:read")
        .given(TOKEN_LACKS_SCOPE, scope="users:read")
        .with_request("GET", f"/users/{USER_ID}")
        .with_header("Authorization", bearer(TOKEN))
        .will_respond_with(403)
        .with_body(problem(403), content_type=PROBLEM_JSON)
    )

    with pact.serve() as server:
        client = HttpUsersClient(base_url=str(server.url), token=TOKEN, timeout_seconds=2.0)
        with pytest.raises(DownstreamUnavailable, match="answered 403"):
            client.get_user(uuid.UUID(USER_ID))
