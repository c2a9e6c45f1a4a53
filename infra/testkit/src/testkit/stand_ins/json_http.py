"""Tiny JSON-over-HTTP servers in a thread: stand-ins for other services, Pact state endpoints.

Standard library only: a stand-in answers what its test tells it to, so it needs no framework,
and it starts in about a millisecond.

    class Handler(JsonHandler):
        def do_GET(self) -> None:
            self.send_json(200, {"id": "42"})

    with serving(ThreadingHTTPServer(("127.0.0.1", 0), Handler)) as url:
        ...
"""

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

from testkit.stand_ins.hanging import HANG_SECONDS


class JsonHandler(BaseHTTPRequestHandler):
    """A request handler that reads and answers JSON, and keeps the test output quiet."""

    def read_body(self) -> bytes:
        """The request's body; empty when it has none."""
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def send_json(self, status: int, document: Any) -> None:
        """Answer `status` with `document` as JSON; None sends an empty body."""
        body = b"" if document is None else json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def never_answer(self, seconds: float = HANG_SECONDS) -> None:
        """Keep the caller waiting `seconds`, then drop the connection without a word.

        A stand-in hung on one route while others answer (a later call of a request hangs).
        """
        time.sleep(seconds)
        self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the test reports what matters."""


@contextmanager
def serving(server: HTTPServer) -> Iterator[str]:
    """Serve `server` from a thread until the block ends; then shut it down and close it.

    Args:
        server: A bound and listening server, e.g. ``ThreadingHTTPServer(("127.0.0.1", 0), H)``.

    Yields:
        Its base URL, e.g. ``http://127.0.0.1:51234``.
    """
    # A short poll, or shutdown() waits out the default half second.
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
    )
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
