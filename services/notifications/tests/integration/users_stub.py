"""A stand-in users service on a free port, over real HTTP, for the client and the consumer.

It binds its port at once but only listens after `up()`: until then a connection is refused,
which is what "the users service is down" looks like to a client.
"""

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from testkit import random_email


class UsersStub:
    """`GET /users/{id}` answering 200 with a user it knows, else 404; 401 without the token."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.users: dict[str, dict[str, str]] = {}
        self.failure_status: int | None = None  # answer every request with this status
        self._server = ThreadingHTTPServer(
            ("127.0.0.1", 0), self._handler_class(), bind_and_activate=False
        )
        self._server.daemon_threads = True
        self._server.server_bind()
        self._thread: threading.Thread | None = None
        self.url = f"http://127.0.0.1:{self._server.server_port}"

    def add_user(self, name: str = "Ada") -> tuple[uuid.UUID, str]:
        """A new user the stub knows; returns its id and e-mail."""
        user_id, email = uuid.uuid4(), random_email()
        self.users[str(user_id)] = {
            "id": str(user_id),
            "email": email,
            "name": name,
            "created_at": "2026-11-25T19:31:46.123456Z",
        }
        return user_id, email

    def up(self) -> None:
        self._server.server_activate()
        # A short poll, so that close() (shutdown waits for the loop) takes milliseconds.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self._thread.start()

    def close(self) -> None:
        if self._thread is not None:
            self._server.shutdown()
        self._server.server_close()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if stub.failure_status is not None:
                    return self._answer(stub.failure_status, {"title": "failure"})
                if self.headers.get("Authorization") != f"Bearer {stub.token}":
                    return self._answer(401, {"title": "Unauthorized", "status": 401})
                user = stub.users.get(self.path.removeprefix("/users/"))
                if user is None:
                    return self._answer(404, {"title": "Not Found", "status": 404})
                return self._answer(200, user)

            def _answer(self, status: int, document: dict[str, object]) -> None:
                body = json.dumps(document).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass  # keep the test output quiet

        return Handler
