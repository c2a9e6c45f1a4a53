"""json_http: a JSON stand-in served from a thread for the block's duration, and gone after it."""

from http.server import ThreadingHTTPServer

import pytest
import requests

from testkit.stand_ins.json_http import JsonHandler, serving


class Echo(JsonHandler):
    """POST answers what it was sent, with its path; DELETE answers 204 and no body."""

    def do_POST(self) -> None:
        self.send_json(201, {"path": self.path, "sent": self.read_body().decode()})

    def do_DELETE(self) -> None:
        self.send_json(204, None)


def test_a_document_is_answered_as_json_with_its_status():
    with serving(ThreadingHTTPServer(("127.0.0.1", 0), Echo)) as url:
        response = requests.post(f"{url}/notes", data=b"hi", timeout=5)

    assert response.status_code == 201
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == {"path": "/notes", "sent": "hi"}


def test_none_is_an_empty_body():
    with serving(ThreadingHTTPServer(("127.0.0.1", 0), Echo)) as url:
        response = requests.delete(f"{url}/notes/1", timeout=5)

    assert (response.status_code, response.content) == (204, b"")


def test_the_server_is_gone_when_the_block_ends():
    with serving(ThreadingHTTPServer(("127.0.0.1", 0), Echo)) as url:
        pass

    with pytest.raises(requests.ConnectionError):
        requests.post(url, timeout=2)
