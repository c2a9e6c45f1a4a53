"""A provider-state endpoint that answers with the values it made, for Pact to inject.

The users service picks a user's id itself, so a consumer cannot know it when it writes the
pact; it writes `/users/${id}` instead, and the verifier fills `${id}` in from the JSON map the
state setup answers (Pact's "provider state injected values"). pact-python's own state callback
throws a handler's return value away, hence this small endpoint of our own.
"""

import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from typing import Any

from testkit.json_http import JsonHandler, serving

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

    class StateChange(JsonHandler):
        def do_POST(self) -> None:
            change = json.loads(self.read_body())
            try:
                handler = handlers[change["state"]]
                status, answer = 200, handler(change["action"], change.get("params") or {})
            except Exception as error:  # reported to the verifier, which fails the interaction
                status, answer = 500, {"error": f"{change.get('state')!r}: {error!r}"}
            self.send_json(status, answer)

    with serving(ThreadingHTTPServer(("127.0.0.1", 0), StateChange)) as url:
        yield f"{url}/_pact/state"
