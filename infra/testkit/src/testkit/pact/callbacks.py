"""The provider states and messages a Verifier asks for, served by one endpoint of the kit's own.

pact-python's `Verifier.state_handler({...})` and `message_handler({...})` each start a callback
server of their own (`ThreadingHTTPServer.serve_forever`, polling every half second), and its
`verify()` stops them when it ends: each stop waits out the poll, so every provider
verification paid up to half a second per server for nothing (docs/benchmarks.md, "Contracts").
This endpoint polls every 10 ms (`testkit.stand_ins.json_http.serving`) and speaks the same two
protocols:

- state changes: ``POST /_pact/state`` with ``{"state", "action", "params"}``; the handler's
  answer (a dict, or None) is sent back, so Pact can inject the values a setup made
  (``/users/${id}``: "provider state injected values"), which pact-python's own callback drops;
- messages: ``POST /_pact/message`` with ``{"description", ...}``; the producer's
  `pact.types.Message` is sent back as its body, its content type and its metadata in the
  ``Pact-Message-Metadata`` header (base64 JSON), as pact-python's own producer does.

A state or message no handler knows fails its interaction: a consumer cannot rely on a state
nobody sets up, nor a message nobody publishes.
"""

import base64
import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

from testkit.stand_ins.json_http import JsonHandler, serving

if TYPE_CHECKING:
    from pact import Verifier
    from pact.types import Message

# (action, parameters) -> the values a setup made, for Pact to inject (None when it made none).
StateHandler = Callable[[str, dict[str, Any]], dict[str, str] | None]
# () -> the message the provider's own serializer makes.
MessageProducer = Callable[[], "Message"]

STATE_PATH = "/_pact/state"
MESSAGE_PATH = "/_pact/message"


@contextmanager
def provider_callbacks(
    verifier: "Verifier",
    *,
    states: Mapping[str, StateHandler] | None = None,
    messages: Mapping[str, MessageProducer] | None = None,
) -> Iterator["Verifier"]:
    """Serve `states` and `messages` to `verifier` until the block ends (verify within it).

    Args:
        verifier: A Verifier of the provider's pacts (`testkit.pact.contracts.verifier_for...`).
        states: One function per provider state named in the pacts, called with the action
            (``setup`` or ``teardown``) and the state's parameters.
        messages: One producer per message description named in the pacts.

    Yields:
        The verifier, its state change URL and message transport set to this endpoint.
    """

    class Callbacks(JsonHandler):
        def do_POST(self) -> None:
            request = json.loads(self.read_body())
            try:
                if self.path == STATE_PATH:
                    handler = (states or {})[request["state"]]
                    answer = handler(request["action"], request.get("params") or {})
                    self.send_json(200, answer or {})
                elif self.path == MESSAGE_PATH:
                    self.send_message((messages or {})[request["description"]]())
                else:
                    self.send_json(404, {"error": f"no callback at {self.path}"})
            except Exception as error:  # reported to the verifier, which fails the interaction
                name = request.get("state") or request.get("description")
                self.send_json(500, {"error": f"{name!r}: {error!r}"})

        def send_message(self, message: "Message") -> None:
            contents = message.get("contents") or b""
            metadata = dict(message.get("metadata") or {})
            if content_type := message.get("content_type"):
                metadata.setdefault("contentType", content_type)
            self.send_response(200)
            if content_type:
                self.send_header("Content-Type", content_type)
            if metadata:
                encoded = base64.b64encode(json.dumps(metadata).encode()).decode()
                self.send_header("Pact-Message-Metadata", encoded)
            self.send_header("Content-Length", str(len(contents)))
            self.end_headers()
            self.wfile.write(contents)

    # "localhost", the verifier's own host: a message transport is reached there.
    with serving(ThreadingHTTPServer(("localhost", 0), Callbacks)) as url:
        if states is not None:
            verifier.state_handler(f"{url}{STATE_PATH}", teardown=True, body=True)
        if messages is not None:
            port = int(url.rsplit(":", 1)[1])
            verifier.add_transport(protocol="message", port=port, path=MESSAGE_PATH)
        yield verifier
