"""Orders as a consumer of the users service: the real HttpUsersClient against Pact's mock.

Orders asks one thing of users: does user X exist, and where do their e-mails go? It reads
the `id`, `email` and `name` of the answer (the order keeps the last two, and its
order.confirmed and order.cancelled carry them to notifications), so that is all the pact
holds; the users service may add or change any other field. Each error the
users service may answer is pinned too, with what orders makes of it: a 404 (a problem
document) is "no such user", which the orders API answers with a 400 naming `user_id`; a 401 or
403 is a token to fix, DownstreamUnavailable, which the orders API answers with a 503.
"""

import uuid

import pytest
from orders.settings import Settings
from orders.users_client import HttpUsersClient, UserRef
from pact import Pact, match

from chassis.downstream import DownstreamUnavailable, bearer_client
from testkit.pact.auth import NO_VALID_TOKEN, TOKEN_LACKS_SCOPE
from testkit.pact.matchers import PROBLEM_JSON, bearer, path_with_state_id, problem

# The pact this module writes (the kit's `pact` fixture, each test adding its interaction):
# (consumer, provider).
PACT = ("orders", "users")
USER_ID = "0f8e7a52-2d7c-4c0e-9a51-6a1d3f1e2b40"


def client_for(url: str, settings: Settings) -> HttpUsersClient:
    """The production client, configured as main.py does, pointed at the mock server."""
    return HttpUsersClient(
        bearer_client(
            base_url=url, token=settings.users_token, timeout_seconds=settings.http_timeout_seconds
        )
    )


def test_a_known_user_is_found(pact: Pact, settings: Settings) -> None:
    """GET /users/{id} answers 200 with the user's id, e-mail and name when the user exists.

    The id is the one the users service made while setting up the state: the verifier puts it
    in the path (`${id}`), the example stands in for it here.
    """
    (
        pact.upon_receiving("a request for a user who exists")
        .given("a user exists")
        .with_request("GET", path_with_state_id("/users/", USER_ID))
        .with_header("Authorization", bearer(settings.users_token))
        .will_respond_with(200)
        .with_body(
            {
                "id": match.uuid(USER_ID),
                "email": match.str("ada@example.com"),
                "name": match.str("Ada Lovelace"),
            },
            content_type="application/json",
        )
    )

    with pact.serve() as server:
        user = client_for(str(server.url), settings).get_user(uuid.UUID(USER_ID))

    assert user == UserRef(id=uuid.UUID(USER_ID), email="ada@example.com", name="Ada Lovelace")


def test_an_unknown_user_is_none(pact: Pact, settings: Settings) -> None:
    """GET /users/{id} answers 404 for an id nobody has; the client says None, not an error."""
    unknown = "5d2b1f7e-9c4a-4e8b-b3a6-0c7d9e1f2a3b"
    (
        pact.upon_receiving("a request for a user who does not exist")
        .given("no user has the id", id=unknown)
        .with_request("GET", f"/users/{unknown}")
        .with_header("Authorization", bearer(settings.users_token))
        .will_respond_with(404)
        .with_body(problem(404), content_type=PROBLEM_JSON)
    )

    with pact.serve() as server:
        user = client_for(str(server.url), settings).get_user(uuid.UUID(unknown))

    assert user is None


def test_a_token_the_users_service_does_not_know_is_downstream_unavailable(
    pact: Pact, settings: Settings
) -> None:
    """GET /users/{id} answers 401 when the token is not valid: a 503 of orders, not a 400."""
    (
        pact.upon_receiving("a request for a user with a token that is not valid")
        .given(NO_VALID_TOKEN)
        .with_request("GET", f"/users/{USER_ID}")
        .with_header("Authorization", bearer(settings.users_token))
        .will_respond_with(401)
        .with_body(problem(401), content_type=PROBLEM_JSON)
    )

    with pact.serve() as server, pytest.raises(DownstreamUnavailable, match="answered 401"):
        client_for(str(server.url), settings).get_user(uuid.UUID(USER_ID))


def test_a_token_without_users_read_is_downstream_unavailable(
    pact: Pact, settings: Settings
) -> None:
    """GET /users/{id} answers 403 when the token lacks users:read: a 503 of orders, not a 400."""
    (
        pact.upon_receiving("a request for a user with a token that lacks users:read")
        .given(TOKEN_LACKS_SCOPE, scope="users:read")
        .with_request("GET", f"/users/{USER_ID}")
        .with_header("Authorization", bearer(settings.users_token))
        .will_respond_with(403)
        .with_body(problem(403), content_type=PROBLEM_JSON)
    )

    with pact.serve() as server, pytest.raises(DownstreamUnavailable, match="answered 403"):
        client_for(str(server.url), settings).get_user(uuid.UUID(USER_ID))
