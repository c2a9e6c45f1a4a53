"""The real users client over a real HTTP hop: a user, no user, and a users service down or slow."""

import inspect
import time
import uuid
from collections.abc import Callable

import httpx
import pytest
from notifications.users_client import HttpUsersClient
from users_stub import HANGING_TIMEOUT

from chassis.downstream import DownstreamUnavailable
from testkit.stand_ins.hanging import silent_server

PATIENT_TIMEOUT = 10.0  # a client's that would wait long for a users service that is down
# A loaded 2-core machine, not a second timeout; far below the silent server's hang (5 s).
SLACK = 2.0

# The client's methods that call the users service, with arguments that make a valid call.
CALLS: dict[str, Callable[[HttpUsersClient], object]] = {
    "get_user": lambda client: client.get_user(uuid.uuid4()),
}
# Public methods that call nobody.
LOCAL = {"close"}


def test_a_known_user_comes_back_as_a_recipient(users_client, users_stub):
    user_id, email = users_stub.add_user(name="Grace")

    recipient = users_client.get_user(user_id)

    assert (recipient.user_id, recipient.email, recipient.name) == (user_id, email, "Grace")


def test_an_unknown_user_is_none(users_client):
    assert users_client.get_user(uuid.uuid4()) is None


@pytest.mark.parametrize("status", [500, 503, 401])
def test_an_answer_other_than_200_or_404_is_downstream_unavailable(
    users_client, users_stub, status
):
    users_stub.failure_status = status

    with pytest.raises(DownstreamUnavailable, match=str(status)):
        users_client.get_user(uuid.uuid4())


def test_a_wrong_token_is_refused_by_the_users_service(users_stub, client_for):
    user_id, _ = users_stub.add_user()
    client = client_for(users_stub.url, token=f"not-{users_stub.token}")

    with pytest.raises(DownstreamUnavailable, match="401"):
        client.get_user(user_id)


def test_a_users_service_that_is_down_is_downstream_unavailable_at_once(
    stopped_users_stub, client_for
):
    # The stub's port is bound but not listening: the connection is refused. A long timeout,
    # so that "at once" (refused, not waited out) is told apart with seconds of slack.
    client = client_for(stopped_users_stub.url, timeout=PATIENT_TIMEOUT)
    started = time.monotonic()

    with pytest.raises(DownstreamUnavailable) as error:
        client.get_user(uuid.uuid4())

    assert isinstance(error.value.__cause__, httpx.ConnectError)
    assert time.monotonic() - started < PATIENT_TIMEOUT / 2


def test_every_method_that_calls_out_is_among_those_tested_for_a_timeout():
    public = {
        name
        for name, _ in inspect.getmembers(HttpUsersClient, inspect.isfunction)
        if name[0] != "_"
    }

    assert public - LOCAL == set(CALLS)


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS)
def test_a_users_service_that_hangs_is_downstream_unavailable_within_the_timeout(client_for, call):
    with silent_server() as url:
        client = client_for(url, timeout=HANGING_TIMEOUT)
        started = time.monotonic()
        with pytest.raises(DownstreamUnavailable) as error:
            call(client)
        elapsed = time.monotonic() - started

    # Timed out, not cut off when the server gave up waiting (a call without a timeout).
    assert isinstance(error.value.__cause__, httpx.TimeoutException)
    assert HANGING_TIMEOUT <= elapsed < HANGING_TIMEOUT + SLACK
