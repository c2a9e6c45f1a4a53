"""A payment and its outcome event are stored together or not at all, on the real database.

The database itself fails between the two writes (a trigger the test plants for its own order,
`testkit.servers.refusals`): at the outbox's INSERT, sent after the payment's, or at COMMIT (a
deferred constraint trigger, after both rows were written). Commits are real
(`committing_session_factory`): an event committed apart from its payment, on a connection of its
own, only shows after a real commit.
"""

import uuid

import pytest
from payments.handlers import make_handlers
from payments.models import Payment, inbox, outbox
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from chassis.messaging.envelope import new_envelope, serialize
from testkit.polling import eventually
from testkit.servers.broker import get_message, publish
from testkit.servers.refusals import refusing

LIMIT_CENTS = 100_000
handlers = make_handlers(limit_cents=LIMIT_CENTS)

BY_ORDER = "NEW.order_id = '{order_id}'"
# Where the database fails, as `refusing`'s arguments; {order_id} is the test's order.
FAILURES = {
    "at the outbox insert": {
        "table": "outbox",
        "when": "NEW.payload->'data'->>'order_id' = '{order_id}'",
    },
    "at the commit": {"table": "payments", "when": BY_ORDER, "at_commit": True},
}


def order_placed(order_id: uuid.UUID):
    data = {"order_id": str(order_id), "user_id": str(uuid.uuid4()), "total_cents": 4200}
    return new_envelope("order.placed", {**data, "lines": []})


def stored(sessions, envelope) -> tuple[int, int, int]:
    """How many payments, outcome events and inbox records the order.placed has, as committed."""
    order_id = envelope.data["order_id"]
    with sessions() as session:
        payments = select(func.count()).where(Payment.order_id == uuid.UUID(order_id))
        events = select(func.count()).where(
            outbox.table.c.payload["data"]["order_id"].astext == order_id
        )
        processed = select(func.count()).where(inbox.table.c.id == envelope.id)
        return tuple(session.scalar(count) for count in (payments, events, processed))


def planted(database, failure: str, order_id: uuid.UUID, **options):
    where = FAILURES[failure]
    return refusing(
        database, **{**where, "when": where["when"].format(order_id=order_id)}, **options
    )


@pytest.mark.parametrize("failure", FAILURES)
def test_a_failure_between_the_payment_and_its_event_keeps_neither_nor_the_inbox_record(
    committing_session_factory, database, failure
):
    order_id = uuid.uuid4()
    envelope = order_placed(order_id)

    with planted(database, failure, order_id) as refusal:
        with pytest.raises(DBAPIError, match="refused by"):
            inbox.apply_once(committing_session_factory, handlers["order.placed"], envelope)
        refused = refusal.count()

    assert refused == 1  # the database failed where this test says
    assert stored(committing_session_factory, envelope) == (0, 0, 0)
    # The same message, applied again once the database accepts it, charges the order once.
    assert inbox.apply_once(committing_session_factory, handlers["order.placed"], envelope)
    assert stored(committing_session_factory, envelope) == (1, 1, 1)


def test_a_commit_that_fails_from_the_queue_keeps_nothing_and_is_retried_until_it_succeeds(
    consumer, channel, topology, committing_session_factory, database
):
    order_id = uuid.uuid4()
    envelope = order_placed(order_id)

    # A failure the consumer takes for a transient one (a serialization failure): requeued.
    with planted(database, "at the commit", order_id, sqlstate="40001") as refusal:
        publish(channel, topology.exchange, "order.placed", serialize(envelope))
        eventually(lambda: refusal.count() >= 2, timeout=15, what="two refused commits")

        assert stored(committing_session_factory, envelope) == (0, 0, 0)

    eventually(
        lambda: stored(committing_session_factory, envelope)[0],
        timeout=15,  # the consumer's back-off has grown to a few seconds by now
        what=f"the payment of {order_id}",
    )
    assert stored(committing_session_factory, envelope) == (1, 1, 1)
    assert get_message(channel, topology.dead_letters) is None
