"""Orders' events from the real queues, through the chassis' consumer, into notifications.

The consumer's own behaviour (dedupe, dead letters, requeue back-off, stop) is the chassis'
and tested there; these tests wire this service's handlers, inbox and real users client to
it. Each test has an exchange and queues of its own; rows are committed (the consumer's
thread must see them) and told apart by unique ids.
"""

import logging
import uuid

from notifications.models import Notification, inbox
from sqlalchemy import func, select

from chassis.messaging.envelope import new_envelope, serialize
from testkit.broker import get_message, publish
from testkit.polling import eventually


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
    caplog,
):
    # The real client's failures must be the chassis' DownstreamUnavailable: any other error
    # would be dead-lettered as unexpected instead of retried.
    caplog.set_level(logging.WARNING, logger="chassis.messaging.consumer")
    user_id, email = stopped_users_stub.add_user()  # known, but the stub is not listening yet
    start_consumer(users=client_for(stopped_users_stub.url))
    envelope = order_confirmed(user_id)

    publish(channel, topology.exchange, "order.confirmed", serialize(envelope))
    eventually(
        lambda: sum("requeueing" in record.getMessage() for record in caplog.records) >= 2,
        what="two requeues",
    )
    assert notifications_for(committing_session_factory, envelope.data["order_id"]) == []
    stopped_users_stub.up()

    [notification] = wait_for_notification(committing_session_factory, envelope.data["order_id"])
    assert notification.recipient == email
    assert times_processed(committing_session_factory, envelope) == 1
    assert get_message(channel, topology.dead_letters) is None
