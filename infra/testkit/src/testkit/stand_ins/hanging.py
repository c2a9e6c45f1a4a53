"""Servers that take a call and never answer it: what a hung service looks like to its callers.

A client with a timeout gives up on them after that timeout; one without waits until the
server gives up first, after HANG_SECONDS, and then sees the connection dropped, not a timeout.
So a test can tell the two apart (by the error's cause, or by the time it took) in seconds,
instead of hanging the whole suite on a missing timeout.

    with silent_server() as url:
        client = MyClient(base_url=url, timeout_seconds=0.3)
        with pytest.raises(Unavailable):
            client.get_thing()
"""

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Far beyond any timeout the tests configure and the slack they allow on it, yet short enough
# that a call without a timeout fails its test in seconds.
HANG_SECONDS = 5.0


@contextmanager
def silent_server(hang_seconds: float = HANG_SECONDS) -> Iterator[str]:
    """A TCP server on a free port that accepts connections and never says a word.

    The kernel accepts the connections (into the listen backlog) and takes the request's bytes,
    so the caller sees a server that is up and thinking. After `hang_seconds`, or when the block
    ends, the server closes, which resets every connection still waiting.

    Args:
        hang_seconds: How long the callers are kept waiting at most.

    Yields:
        Its base URL, e.g. ``http://127.0.0.1:51234``.
    """
    with socket.create_server(("127.0.0.1", 0), backlog=64) as listener:
        closing = threading.Timer(hang_seconds, listener.close)
        closing.daemon = True
        closing.start()
        try:
            yield f"http://127.0.0.1:{listener.getsockname()[1]}"
        finally:
            closing.cancel()
