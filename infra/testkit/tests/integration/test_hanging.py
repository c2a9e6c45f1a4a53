"""Servers that never answer: a caller with a timeout times out; one without is cut off later."""

import time
from http.server import ThreadingHTTPServer

import pytest
import requests

from testkit.stand_ins.hanging import silent_server
from testkit.stand_ins.json_http import JsonHandler, serving

TIMEOUT = 0.3
SLACK = 2.0  # a loaded 2-core machine; still far below the hang


def test_a_caller_with_a_timeout_times_out_on_a_silent_server():
    with silent_server() as url:
        started = time.monotonic()
        with pytest.raises(requests.ReadTimeout):
            requests.get(url, timeout=TIMEOUT)

    assert TIMEOUT <= time.monotonic() - started < TIMEOUT + SLACK


def test_a_caller_without_a_timeout_is_cut_off_when_the_hang_ends_not_timed_out():
    started = time.monotonic()  # before the server, whose hang starts with it
    with (
        silent_server(hang_seconds=0.5) as url,
        pytest.raises(requests.ConnectionError) as error,
    ):
        requests.get(url, timeout=None)  # noqa: S113  (what the server is there to catch)

    assert not isinstance(error.value, requests.Timeout)
    assert 0.5 <= time.monotonic() - started < 0.5 + SLACK


class HangsOnSlowOnly(JsonHandler):
    def do_GET(self) -> None:
        if self.path == "/slow":
            return self.never_answer(seconds=1.0)
        return self.send_json(200, {"path": self.path})


def test_a_stand_in_can_hang_on_one_route_and_answer_the_others():
    with serving(ThreadingHTTPServer(("127.0.0.1", 0), HangsOnSlowOnly)) as url:
        assert requests.get(f"{url}/fast", timeout=5).json() == {"path": "/fast"}
        with pytest.raises(requests.ReadTimeout):
            requests.get(f"{url}/slow", timeout=TIMEOUT)
        with pytest.raises(requests.ConnectionError):
            requests.get(f"{url}/slow", timeout=None)  # noqa: S113
