"""An ASGI app served for real, for tests whose client is another process or thread (Pact)."""

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn


@contextmanager
def serve_in_thread(app: Any, **options: Any) -> Iterator[str]:
    """Serve an ASGI app with uvicorn in a thread, on a port the OS picks, until the block ends.

    Args:
        app: Any ASGI application, e.g. a service's ``create_app(...)``.
        options: More of ``uvicorn.Config``'s, e.g. ``log_level="info"`` for the access log.

    Yields:
        The base URL, e.g. ``http://localhost:51234``.

    Raises:
        RuntimeError: The server stopped before it started listening.
    """
    # The socket is bound before uvicorn starts, so the port is known and no other test takes it.
    listener = socket.create_server(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, **{"log_level": "warning", **options}))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("the app did not start")
            thread.join(0.01)
        # localhost, not 127.0.0.1: the Pact verifier's host must match the transport URL's.
        yield f"http://localhost:{listener.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(5)
        listener.close()
