"""Why no service bounds the time to read a request's head: uvicorn cannot (docs/deployment.md).

uvicorn's only timer on a connection is the keep-alive timeout, armed after a response; a new
connection whose head never ends is held for as long as its client likes. A proxy in front
must own that bound. This test keeps the reason true: the day a uvicorn in uv.lock closes such
a connection, it fails, and the bound belongs in the services' own settings.
"""

import socket
from urllib.parse import urlsplit

from fastapi import FastAPI

from testkit.stand_ins.http import serve_in_thread

KEEP_ALIVE_SECONDS = 1
WAIT_SECONDS = 2.5 * KEEP_ALIVE_SECONDS


def test_uvicorns_keep_alive_timeout_does_not_close_a_connection_whose_head_is_half_sent():
    with serve_in_thread(FastAPI(), timeout_keep_alive=KEEP_ALIVE_SECONDS) as url:
        address = ("127.0.0.1", urlsplit(url).port or 80)
        with socket.create_connection(address, timeout=WAIT_SECONDS) as connection:
            connection.sendall(b"GET /health/live HTTP/1.1\r\nHost: test\r\n")  # no blank line
            try:
                closed = connection.recv(1) == b""
            except TimeoutError:
                closed = False

    assert not closed, (
        "uvicorn now closes a half-sent head: set its bound where the services start, and say "
        "so in docs/deployment.md"
    )
