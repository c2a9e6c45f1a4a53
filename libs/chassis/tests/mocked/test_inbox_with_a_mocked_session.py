"""COUNTER-EXAMPLE, not part of the pyramid: the inbox tested as a team with a mocked session would.

The session is a `unittest.mock` double whose insert answers "new" or "seen before" as the
test says. Such tests pin the calls the code makes, not what the database does: they fail
with `chassis-inbox-applies-repeats` and `chassis-inbox-dedupe-races`, because each fault
changes the calls, and they would fail as well on a rewrite that keeps the behaviour (the
same INSERT sent through `session.scalar`). The race itself, two replicas given one event at
once, cannot be played on a mock: `tests/integration/test_consumer_replicas.py` plays it on a
real Postgres. `nox -s "mocked(chassis)"` runs these; docs/testing-strategy.md reads them.
"""

import uuid
from unittest.mock import MagicMock

from sqlalchemy import MetaData

from chassis.messaging.envelope import Envelope
from chassis.messaging.inbox import Inbox


def delivered() -> Envelope:
    return Envelope(id=uuid.uuid4(), type="order.placed", occurred_at="2026-12-04T00:00Z", data={})


def session_answering(inserted: uuid.UUID | None) -> tuple[MagicMock, MagicMock]:
    """A session factory and its session, whose INSERT ... RETURNING gives `inserted`."""
    session = MagicMock()
    session.__enter__.return_value = session
    session.execute.return_value.scalar_one_or_none.return_value = inserted
    return MagicMock(return_value=session), session


def test_a_first_delivery_is_recorded_and_applied():
    envelope = delivered()
    factory, session = session_answering(inserted=envelope.id)
    handler = MagicMock()

    assert Inbox(MetaData()).apply_once(factory, handler, envelope) is True

    handler.assert_called_once_with(session, envelope)


def test_a_delivery_seen_before_is_skipped():
    envelope = delivered()
    factory, _ = session_answering(inserted=None)
    handler = MagicMock()

    assert Inbox(MetaData()).apply_once(factory, handler, envelope) is False

    handler.assert_not_called()
