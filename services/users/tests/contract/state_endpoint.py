"""A provider-state endpoint that answers with the values it made, for Pact to inject.

The users service picks a user's id itself, so a consumer cannot know it when it writes the
pact; it writes `/users/${id}` instead, and the verifier fills `${id}` in from the JSON map the
state setup answers (Pact's "provider state injected values"). pact-python's own state callback
throws a handler's return value away, hence this small endpoint of our own.
"""

import json
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# (action, parameters) -> the values a setup makes ({} when it makes none).
StateHandler = Callable[[str, dict[str, Any]], dict[str, str]]


@contextmanager
def state_endpoint(handlers: Mapping[str, StateHandler]) -> Iterator[str]:
    """Serve `handlers` as the verifier's state change URL until the block ends.

    Args:
        handlers: One function per provider state named in the pacts. A state no handler
            knows fails the interaction, so a consumer cannot rely on a state nobody set up.

    Yields:
        The URL to hand to `Verifier.state_handler(url, teardown=True, body=True)`.
    """

    class StateChange(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            change = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            try:
                handler = handlers[change["state"]]
                status, answer = 200, handler(change["action"], change.get("params") or {})
            except Exception as error:  # reported to the verifier, which fails the interaction
                status, answer = 500, {"error": f"{change.get('state')!r}: {error!r}"}
            body = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the verifier reports what matters."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), StateChange)
    # A short poll, or shutdown() waits out the default half second.
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/_pact/state"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
