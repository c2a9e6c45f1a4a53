"""Calling another service over a real socket: one that never answers is a 503 in time."""

import time

import httpx
import pytest

from chassis.downstream import DownstreamUnavailable, bearer_client, send
from testkit.stand_ins.hanging import silent_server

TIMEOUT = 0.3
SLACK = 2.0  # a loaded 2-core machine; far below the silent server's hang (5 s)
TOKEN = "t-1"  # noqa: S105  (a made-up token)


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
def test_a_service_that_never_answers_is_unavailable_once_the_clients_timeout_is_up(method):
    with (
        silent_server() as url,
        bearer_client(base_url=url, token=TOKEN, timeout_seconds=TIMEOUT) as http,
    ):
        started = time.monotonic()
        with pytest.raises(DownstreamUnavailable, match="the catalog service") as error:
            send(http, method, "/reservations", service="catalog", json={"n": 1})
        elapsed = time.monotonic() - started

    assert isinstance(error.value.__cause__, httpx.TimeoutException)
    assert TIMEOUT <= elapsed < TIMEOUT + SLACK
