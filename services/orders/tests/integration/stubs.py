"""Tiny HTTP servers in threads standing in for users and catalog: up, down, or hanging."""

import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer

from testkit import json_http

# (method, path) -> (status, JSON body or None)
Responder = Callable[[str, str, bytes], tuple[int, object]]


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
            self.send_json(*stub.respond(self.command, self.path, body))

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


@contextmanager
def hanging() -> Iterator[str]:
    """A URL whose server accepts connections (the kernel does, from the backlog), never answers."""
    with socket.create_server(("127.0.0.1", 0), backlog=16) as listener:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
