"""Tiny HTTP servers in threads standing in for users and catalog: up, down, or hanging."""

import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer

from testkit.stand_ins import json_http

# What a responder answers for a call it keeps waiting for ever (up to the kit's HANG_SECONDS).
HANG = "hang"

# (method, path) -> (status, JSON body or None), or HANG
Responder = Callable[[str, str, bytes], tuple[int, object] | str]


@dataclass
class StubService:
    """An HTTP server answering with `respond`; it records what it was asked, headers included."""

    respond: Responder
    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    url: str = ""


@contextmanager
def serving(stub: StubService) -> Iterator[StubService]:
    class Handler(json_http.JsonHandler):
        def answer(self) -> None:
            body = self.read_body()
            stub.requests.append((self.command, self.path, dict(self.headers)))
            answer = stub.respond(self.command, self.path, body)
            if answer == HANG:
                self.never_answer()
            else:
                self.send_json(*answer)

        do_GET = do_POST = do_DELETE = answer

    with json_http.serving(ThreadingHTTPServer(("127.0.0.1", 0), Handler)) as url:
        stub.url = url
        yield stub


def url_of_nothing() -> str:
    """A URL on which nothing listens: connections are refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"
