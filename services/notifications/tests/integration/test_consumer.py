"""Orders' events from the real queues, through the chassis' consumer, into notifications.

The consumer's own behaviour (dedupe, dead letters, requeue back-off, stop) is the chassis'
and tested there; these tests wire this service's handlers, inbox and real users client to
it. Each test has an exchange and queues of its own; rows are committed (the consumer's
thread must see them) and told apart by unique ids.
"""

import time
import uuid

from notifications.models import Notification, inbox
from notifications.users_client import Recipient, UsersClient
from sqlalchemy import func, select
from users_stub import HANGING_TIMEOUT

from chassis.downstream import DownstreamUnavailable
from chassis.messaging.envelope import new_envelope, serialize
from testkit.polling import eventually
from testkit.servers.broker import get_message, publish
from testkit.stand_ins.hanging import silent_server


class Attempts:
    """The users client the handler calls, recording each call that failed: one per attempt.

    A second failed call for one event means it was delivered again: requeued, not dropped.
    """

    def __init__(self, users: UsersClient) -> None:
        self._users = users
        self.failures: list[Exception] = []

    def get_user(self, user_id: uuid.UUID) -> Recipient | None:
        try:
            return self._users.get_user(user_id)
        except Exception as error:
            self.failures.append(error)
            raise

    def retried(self, times: int) -> bool:
        """`times` attempts failed, each as the chassis' DownstreamUnavailable (a requeue)."""
        # Any other error would be dead-lettered as unexpected instead of retried.
        wrong = [e for e in self.failures if not isinstance(e, DownstreamUnavailable)]
        assert not wrong, f"attempts that would be dead-lettered, not retried: {wrong}"
        return len(self.failures) >= times


def notifications_for(committing_session_factory, order_id):
    with committing_session_factory() as session:
        return session.scalars(select(Notification).where(Notification.order_id == order_id)).all()


def times_processed(committing_session_factory, envelope):
    with committing_session_factory() as session:
        return session.scalar(select(func.count()).where(inbox.table.c.id == envelope.id))


def order_confirmed(user_id, order_id=None):
    data = {"order_id": str(order_id or uuid.uuid4()), "user_id": str(user_id)}
    return new_envelope("order.confirmed", {**data, "total_cents": 2500})


def wait_for_notification(committing_session_factory, order_id):
    return eventually(
        lambda: notifications_for(committing_session_factory, order_id),
        what=f"notification of {order_id}",
    )


def test_an_order_confirmed_from_the_queue_records_one_notification_to_the_users_email(
    start_consumer, users_stub, channel, topology, committing_session_factory
):
    user_id, email = users_stub.add_user()
    start_consumer()
    envelope = order_confirmed(user_id)

    publish(channel, topology.exchange, "order.confirmed", serialize(envelope))

    [notification] = wait_for_notification(committing_session_factory, envelope.data["order_id"])
    assert notification.recipient == email
    assert notification.kind == "order_confirmed"
    assert "25.00" in notification.body
    assert times_processed(committing_session_factory, envelope) == 1


def test_an_order_cancelled_from_the_queue_records_a_notification_with_the_reason(
    start_consumer, users_stub, channel, topology, committing_session_factory
):
    user_id, _ = users_stub.add_user()
    start_consumer()
    order_id = uuid.uuid4()
    data = {"order_id": str(order_id), "user_id": str(user_id), "reason": "payment declined"}

    publish(
        channel,
        topology.exchange,
        "order.cancelled",
        serialize(new_envelope("order.cancelled", data)),
    )

    [notification] = wait_for_notification(committing_session_factory, order_id)
    assert notification.kind == "order_cancelled"
    assert "payment declined" in notification.body


def test_with_the_users_service_down_the_message_is_requeued_and_applied_once_it_is_back(
    start_consumer,
    stopped_users_stub,
    client_for,
    channel,
    topology,
    committing_session_factory,
):
    user_id, email = stopped_users_stub.add_user()  # known, but the stub is not listening yet
    attempts = Attempts(client_for(stopped_users_stub.url))
    start_consumer(users=attempts)
    envelope = order_confirmed(user_id)

    publish(channel, topology.exchange, "order.confirmed", serialize(envelope))
    eventually(lambda: attempts.retried(2), what="two failed attempts")
    assert notifications_for(committing_session_factory, envelope.data["order_id"]) == []
    stopped_users_stub.up()

    [notification] = wait_for_notification(committing_session_factory, envelope.data["order_id"])
    assert notification.recipient == email
    assert times_processed(committing_session_factory, envelope) == 1
    assert get_message(channel, topology.dead_letters) is None


def test_with_the_users_service_hanging_each_attempt_ends_within_the_timeout_and_is_requeued(
    start_consumer, client_for, channel, topology, committing_session_factory
):
    envelope = order_confirmed(uuid.uuid4())

    with silent_server() as url:
        attempts = Attempts(client_for(url, timeout=HANGING_TIMEOUT))
        start_consumer(users=attempts)
        started = time.monotonic()
        publish(channel, topology.exchange, "order.confirmed", serialize(envelope))
        # Two attempts, each a timeout and a short back-off; a call without a timeout would
        # hold the first one until the silent server gives up (5 s).
        eventually(
            lambda: attempts.retried(2),
            timeout=2 * HANGING_TIMEOUT + 2.0,
            what="two failed attempts",
        )
        elapsed = time.monotonic() - started

    assert elapsed >= 2 * HANGING_TIMEOUT  # both attempts really waited for an answer
    assert notifications_for(committing_session_factory, envelope.data["order_id"]) == []
    assert times_processed(committing_session_factory, envelope) == 0
    assert get_message(channel, topology.dead_letters) is None
