"""Each call of each REST client ends within the client's timeout when its service hangs.

A request makes several calls (the user, the reservation, a release): a test that
hangs the first only proves the first. So every public method that calls out is called here on
its own against a server that never answers, and the list of them is checked against the
clients' methods, so that a method added later fails here until it is added.
"""

import inspect
import time
import uuid
from collections.abc import Callable
from contextlib import closing

import httpx
import pytest
from orders.catalog_client import HttpCatalogClient, ReservationLine
from orders.users_client import HttpUsersClient

from chassis.downstream import DownstreamUnavailable, bearer_client
from testkit.stand_ins.hanging import silent_server

# The first call of a new client hangs: nothing has to answer within it, so milliseconds do.
TIMEOUT = 0.05
# A loaded 2-core machine, not a second timeout; far below the silent server's hang (5 s).
SLACK = 2.0
TOKEN = "orders-to-anyone"  # noqa: S105  (a test value, not a secret)

Call = Callable[[object], object]
# Each client's methods that call its service, with arguments that make a valid call.
CALLS: dict[type, dict[str, Call]] = {
    HttpCatalogClient: {
        "reserve": lambda client: client.reserve(uuid.uuid4(), [ReservationLine("SKU-1", 2)]),
        "release": lambda client: client.release(uuid.uuid4()),
    },
    HttpUsersClient: {
        "get_user": lambda client: client.get_user(uuid.uuid4()),
    },
}
# Public methods that call nobody.
LOCAL = {"close"}


def public_methods(cls: type) -> set[str]:
    return {name for name, _ in inspect.getmembers(cls, inspect.isfunction) if name[0] != "_"}


@pytest.mark.parametrize("client_class", CALLS, ids=lambda cls: cls.__name__)
def test_every_method_that_calls_out_is_among_those_tested_for_a_timeout(client_class):
    assert public_methods(client_class) - LOCAL == set(CALLS[client_class])


@pytest.mark.parametrize(
    ("client_class", "call"),
    [
        pytest.param(client_class, call, id=f"{client_class.__name__}.{name}")
        for client_class, calls in CALLS.items()
        for name, call in calls.items()
    ],
)
def test_a_hanging_service_makes_the_call_unavailable_within_the_timeout(client_class, call):
    with silent_server() as url:
        http = bearer_client(base_url=url, token=TOKEN, timeout_seconds=TIMEOUT)
        with closing(client_class(http)) as client:
            started = time.monotonic()
            with pytest.raises(DownstreamUnavailable) as error:
                call(client)
            elapsed = time.monotonic() - started

    # Timed out, not cut off when the server gave up waiting (a call without a timeout).
    assert isinstance(error.value.__cause__, httpx.TimeoutException)
    assert TIMEOUT <= elapsed < TIMEOUT + SLACK
