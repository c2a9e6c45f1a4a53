"""Orders as a consumer of the users service: the real HttpUsersClient against Pact's mock.

Orders asks one thing of users: does user X exist? It reads only the `id` of the answer, so
that is all the pact holds; the users service may add or change any other field.
"""

import uuid

from orders.settings import Settings
from orders.users_client import HttpUsersClient, UserRef
from pact import Pact, match

from chassis.downstream import bearer_client
from testkit.pact_matchers import bearer, path_with_state_id

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
    """GET /users/{id} answers 200 with the user's id when the user exists.

    The id is the one the users service made while setting up the state: the verifier puts it
    in the path (`${id}`), the example stands in for it here.
    """
    (
        pact.upon_receiving("a request for a user who exists")
        .given("a user exists")
        .with_request("GET", path_with_state_id("/users/", USER_ID))
        .with_header("Authorization", bearer(settings.users_token))
        .will_respond_with(200)
        .with_body({"id": match.uuid(USER_ID)}, content_type="application/json")
    )

    with pact.serve() as server:
        user = client_for(str(server.url), settings).get_user(uuid.UUID(USER_ID))

    assert user == UserRef(id=uuid.UUID(USER_ID))


def test_an_unknown_user_is_none(pact: Pact, settings: Settings) -> None:
    """GET /users/{id} answers 404 for an id nobody has; the client says None, not an error."""
    unknown = "5d2b1f7e-9c4a-4e8b-b3a6-0c7d9e1f2a3b"
    (
        pact.upon_receiving("a request for a user who does not exist")
        .given("no user has the id", id=unknown)
        .with_request("GET", f"/users/{unknown}")
        .with_header("Authorization", bearer(settings.users_token))
        .will_respond_with(404)
    )

    with pact.serve() as server:
        user = client_for(str(server.url), settings).get_user(uuid.UUID(unknown))

    assert user is None
