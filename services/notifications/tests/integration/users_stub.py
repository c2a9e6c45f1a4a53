"""A stand-in users service on a free port, over real HTTP, for the client and the consumer.

It binds its port at once but only listens after `up()`: until then a connection is refused,
which is what "the users service is down" looks like to a client.
"""

import uuid
from contextlib import ExitStack
from http.server import ThreadingHTTPServer

from testkit.data import random_email
from testkit.stand_ins.json_http import JsonHandler, serving

# The timeout of the tests' users clients (conftest's, and the times the tests allow for it).
USERS_TIMEOUT = 0.3
# The timeout of a client whose users service never answers: nothing has to answer within it,
# so the tests that wait it out wait milliseconds.
HANGING_TIMEOUT = 0.05


class UsersStub:
    """`GET /users/{id}` answering 200 with a user it knows, else 404; 401 without the token."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.users: dict[str, dict[str, str]] = {}
        self.failure_status: int | None = None  # answer every request with this status
        self._server = ThreadingHTTPServer(
            ("127.0.0.1", 0), self._handler_class(), bind_and_activate=False
        )
        self._server.server_bind()
        self._running = ExitStack()
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
        self._running.enter_context(serving(self._server))

    def close(self) -> None:
        self._running.close()  # stops the thread, if up() started one
        self._server.server_close()

    def _handler_class(self) -> type[JsonHandler]:
        stub = self

        class Handler(JsonHandler):
            def do_GET(self) -> None:
                if stub.failure_status is not None:
                    return self.send_json(stub.failure_status, {"title": "failure"})
                if self.headers.get("Authorization") != f"Bearer {stub.token}":
                    return self.send_json(401, {"title": "Unauthorized", "status": 401})
                user = stub.users.get(self.path.removeprefix("/users/"))
                if user is None:
                    return self.send_json(404, {"title": "Not Found", "status": 404})
                return self.send_json(200, user)

        return Handler
