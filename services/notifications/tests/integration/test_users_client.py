"""The real users client over a real HTTP hop: a user, no user, and a users service down or slow."""

import socket
import threading
import time
import uuid
from collections.abc import Iterator

import pytest

from chassis.downstream import DownstreamUnavailable

TIMEOUT = 0.3  # the clients' timeout (conftest.USERS_TIMEOUT)
SLACK = 0.5  # scheduling on a busy 2-core machine, not a second timeout
# How long the hanging server keeps a caller waiting before it resets the connection: far
# beyond the timeout, yet short enough that a client without one fails here in seconds
# instead of hanging the whole suite.
HANG_SECONDS = 3.0


@pytest.fixture
def hanging_url() -> Iterator[str]:
    """A server that accepts connections (the kernel does it) and never answers them.

    After HANG_SECONDS it closes, which resets the connections still waiting.
    """
    with socket.create_server(("127.0.0.1", 0)) as server:
        closing = threading.Timer(HANG_SECONDS, server.close)
        closing.start()
        try:
            yield f"http://127.0.0.1:{server.getsockname()[1]}"
        finally:
            closing.cancel()


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
    # The stub's port is bound but not listening: the connection is refused.
    client = client_for(stopped_users_stub.url)
    started = time.monotonic()

    with pytest.raises(DownstreamUnavailable):
        client.get_user(uuid.uuid4())

    assert time.monotonic() - started < TIMEOUT


def test_a_users_service_that_hangs_is_downstream_unavailable_within_the_timeout(
    hanging_url, client_for
):
    client = client_for(hanging_url)
    started = time.monotonic()

    with pytest.raises(DownstreamUnavailable, match="Timeout"):
        client.get_user(uuid.uuid4())

    assert TIMEOUT <= time.monotonic() - started < TIMEOUT + SLACK
