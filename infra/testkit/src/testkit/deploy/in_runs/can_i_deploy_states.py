"""A pytest plugin can-i-deploy loads into a provider's run at another commit: a provider state
that cannot be set up fails its interaction at once, and says why.

Pact's verifier retries a state change answered with a 5xx eight times, backing off from 1 s
to 64 s (pact_verifier's `with_retries`): two minutes for each interaction whose state the
provider does not know, which is what a newer consumer's pact meets at an older provider. A
state handler is test code, deterministic: asking again changes nothing. So every state change
URL the run hands the verifier (pact-python's own callback server, or a service's own endpoint)
is put behind a small relay that passes each change on and answers a 5xx as a 422, which the
verifier does not retry; what failed is written to $CAN_I_DEPLOY_STATES, one JSON line each,
for the matrix's reason (`testkit.deploy.states`).

The commit's code is not changed, nor what its test verifies: only how fast a failure comes.
It runs in that commit's environment, so it imports nothing but the standard library and the
pact-python of the commit's lock (4.2 at every commit can-i-deploy accepts): the one hook is
`pact_ffi.verifier_set_provider_state`, which every way of giving the verifier states goes
through; if it is gone, the run stops here rather than silently waiting again.
"""

import json
import os
import re
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

UNPROCESSABLE = 422  # any 4xx but 408 and 429 ends the verifier's retries at the first answer
_written = threading.Lock()


def no_handler(state: str, answer: str) -> bool:
    """Whether an answer says the provider has no handler for `state`: the lookup's KeyError.

    pact-python's dictionary of handlers and the services' own endpoints both look the state up
    by name, so a state nobody handles fails as ``KeyError: 'state'`` (or ``KeyError('state')``).
    """
    return f"KeyError: {state!r}" in answer or f"KeyError({state!r})" in answer


def record(state: str, action: str, status: int, answer: str) -> None:
    """One line for the matrix: which state change failed, and what the provider answered."""
    text = " ".join(re.sub(r"<[^>]+>", " ", answer).split())[:300]  # an HTML error page, too
    line = {"state": state, "action": action, "unknown": no_handler(state, answer)}
    line["error"] = f"{status}: {text}"
    with _written, open(os.environ["CAN_I_DEPLOY_STATES"], "a") as out:
        out.write(json.dumps(line) + "\n")


def relay(target: str) -> str:
    """A URL that passes state changes on to `target`, its 5xx answered as a 422 and recorded."""

    class Relay(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            query = urlsplit(self.path).query
            request = urllib.request.Request(  # noqa: S310 (the run's own state endpoint)
                f"{target}{'&' if '?' in target else '?'}{query}" if query else target,
                data=body,
                headers={"Content-Type": self.headers.get("Content-Type", "application/json")},
                method="POST",
            )
            try:
                with urllib.request.urlopen(request) as answered:  # noqa: S310
                    status, content = answered.status, answered.read()
                    kind = answered.headers.get("Content-Type", "")
            except urllib.error.HTTPError as error:
                status, content, kind = error.code, error.read(), error.headers.get("Content-Type")
            if status >= 500:
                change = json.loads(body or b"{}")
                state = change.get("state", "")
                record(state, change.get("action", ""), status, content.decode(errors="replace"))
                status = UNPROCESSABLE
            self.send_response(status)
            if kind:
                self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the provider's own endpoint logs each change already."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Relay)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}{urlsplit(target).path}"


def pytest_configure() -> None:
    import pact_ffi

    set_provider_state = pact_ffi.verifier_set_provider_state

    def relayed(handle: Any, url: str, **options: Any) -> None:
        set_provider_state(handle, relay(url), **options)

    pact_ffi.verifier_set_provider_state = relayed
