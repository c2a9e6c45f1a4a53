"""Stand-ins for a database session, an inbox and a pika channel: the unit tests do no I/O."""

import uuid
from typing import Any

from chassis.messaging.envelope import Envelope
from chassis.messaging.inbox import Handler


class FakeSession:
    """Enough of a Session for health and the session dependency; fails with `error` if given."""

    def __init__(self, error: Exception | None = None) -> None:
        self.error = error
        self.executed: list[str] = []
        self.closed = False

    def __enter__(self) -> "FakeSession":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.closed = True

    def execute(self, statement: Any) -> None:
        if self.error is not None:
            raise self.error
        self.executed.append(str(statement))


class FakeSessionFactory:
    """A session factory that remembers every session it made."""

    def __init__(self, error: Exception | None = None) -> None:
        self.error = error
        self.sessions: list[FakeSession] = []

    def __call__(self) -> FakeSession:
        self.sessions.append(FakeSession(self.error))
        return self.sessions[-1]


class FakeInbox:
    """Apply-once without a database: an event's id is kept only when its handler succeeds."""

    def __init__(self, seen: set[uuid.UUID] | None = None) -> None:
        self.recorded: set[uuid.UUID] = set(seen or ())

    def apply_once(self, session_factory: Any, handler: Handler, envelope: Envelope) -> bool:
        if envelope.id in self.recorded:
            return False
        with session_factory() as session:
            handler(session, envelope)
        self.recorded.add(envelope.id)
        return True


class RecordingChannel:
    """A pika channel that records every call made on it, in order."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple, dict]] = []

    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: self.calls.append((name, args, kwargs))
