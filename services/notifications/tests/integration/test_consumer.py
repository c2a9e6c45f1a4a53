"""The consumer on the real broker and database, with a users service over real HTTP.

Each test has an exchange and queues of its own; rows are committed (the consumer's thread
must see them) and told apart by unique ids.
"""

import logging
import uuid

import pika.exceptions
import pytest
from notifications.consumer import Consumer
from notifications.events import new_envelope, serialize
from notifications.models import Notification, ProcessedMessage
from sqlalchemy import func, select

from testkit.broker import get_message, publish
from testkit.polling import eventually


def notifications_for(committing_factory, order_id):
    with committing_factory() as session:
        return session.scalars(select(Notification).where(Notification.order_id == order_id)).all()


def times_processed(committing_factory, envelope):
    with committing_factory() as session:
        return session.scalar(select(func.count()).where(ProcessedMessage.id == envelope.id))


def order_confirmed(user_id, order_id=None):
    data = {"order_id": str(order_id or uuid.uuid4()), "user_id": str(user_id)}
    return new_envelope("order.confirmed", {**data, "total_cents": 2500})


def wait_for_notification(committing_factory, order_id):
    return eventually(
        lambda: notifications_for(committing_factory, order_id), what=f"notification of {order_id}"
    )


def test_an_order_confirmed_records_one_notification_to_the_users_email(
    start_consumer, users_stub, channel, names, committing_factory
):
    user_id, email = users_stub.add_user()
    start_consumer()
    envelope = order_confirmed(user_id)

    publish(channel, names.exchange, "order.confirmed", serialize(envelope))

    [notification] = wait_for_notification(committing_factory, envelope.data["order_id"])
    assert notification.recipient == email
    assert notification.kind == "order_confirmed"
    assert "25.00" in notification.body


def test_an_order_cancelled_records_a_notification_with_the_reason(
    start_consumer, users_stub, channel, names, committing_factory
):
    user_id, _ = users_stub.add_user()
    start_consumer()
    order_id = uuid.uuid4()
    data = {"order_id": str(order_id), "user_id": str(user_id), "reason": "payment declined"}

    publish(
        channel, names.exchange, "order.cancelled", serialize(new_envelope("order.cancelled", data))
    )

    [notification] = wait_for_notification(committing_factory, order_id)
    assert notification.kind == "order_cancelled"
    assert "payment declined" in notification.body


def test_the_same_message_twice_records_one_notification(
    start_consumer, users_stub, channel, names, committing_factory
):
    user_id, _ = users_stub.add_user()
    start_consumer()
    envelope, later = order_confirmed(user_id), order_confirmed(user_id)

    for message in (envelope, envelope, later):
        publish(channel, names.exchange, "order.confirmed", serialize(message))

    # One queue, one consumer: once the later message is applied, both copies have been seen.
    wait_for_notification(committing_factory, later.data["order_id"])
    assert len(notifications_for(committing_factory, envelope.data["order_id"])) == 1
    assert times_processed(committing_factory, envelope) == 1


class DiesBeforeTheFirstAck(Consumer):
    """A consumer whose connection is lost after the first commit, before its ack."""

    ack_attempts = 0

    def _ack(self, channel, delivery_tag):
        self.ack_attempts += 1
        if self.ack_attempts == 1:
            raise pika.exceptions.StreamLostError("connection lost between commit and ack")
        super()._ack(channel, delivery_tag)


def test_a_message_redelivered_after_the_consumer_died_before_the_ack_is_applied_once(
    start_consumer, users_stub, channel, names, committing_factory
):
    user_id, _ = users_stub.add_user()
    consumer = start_consumer(DiesBeforeTheFirstAck)
    envelope = order_confirmed(user_id)

    publish(channel, names.exchange, "order.confirmed", serialize(envelope))

    # The broker gives the unacked message back; the reconnected consumer sees it again.
    eventually(lambda: consumer.ack_attempts >= 2, what="the redelivery acked")
    assert len(notifications_for(committing_factory, envelope.data["order_id"])) == 1
    assert times_processed(committing_factory, envelope) == 1


def without(data, field):
    return {key: value for key, value in data.items() if key != field}


POISON = {
    "not JSON": (lambda user_id: b'{"id": ', "not an event envelope"),
    "missing field": (
        lambda user_id: serialize(
            new_envelope("order.confirmed", without(order_confirmed(user_id).data, "total_cents"))
        ),
        "total_cents",
    ),
    "unknown user": (
        lambda user_id: serialize(order_confirmed(uuid.uuid4())),
        "does not know user",
    ),
}


@pytest.mark.parametrize("case", list(POISON), ids=list(POISON))
def test_a_poison_message_is_dead_lettered_with_its_reason_and_the_consumer_carries_on(
    case, start_consumer, users_stub, channel, names, committing_factory
):
    user_id, _ = users_stub.add_user()
    start_consumer()
    make_body, reason = POISON[case]
    poison, good = make_body(user_id), order_confirmed(user_id)

    publish(channel, names.exchange, "order.confirmed", poison)
    publish(channel, names.exchange, "order.confirmed", serialize(good))

    properties, body = eventually(
        lambda: get_message(channel, names.dead_letters), what="a dead letter"
    )
    assert body == poison
    assert reason in properties.headers["x-poison-reason"]
    wait_for_notification(committing_factory, good.data["order_id"])
    assert get_message(channel, names.queue("order.confirmed")) is None


def test_with_the_users_service_down_the_message_is_requeued_and_applied_once_it_is_back(
    start_consumer, stopped_users_stub, client_for, channel, names, committing_factory, caplog
):
    caplog.set_level(logging.WARNING, logger="notifications")
    user_id, email = stopped_users_stub.add_user()  # known, but the stub is not listening yet
    start_consumer(users=client_for(stopped_users_stub.url))
    envelope = order_confirmed(user_id)

    publish(channel, names.exchange, "order.confirmed", serialize(envelope))
    eventually(
        lambda: sum("requeueing" in record.getMessage() for record in caplog.records) >= 2,
        what="two requeues",
    )
    assert notifications_for(committing_factory, envelope.data["order_id"]) == []
    stopped_users_stub.up()

    [notification] = wait_for_notification(committing_factory, envelope.data["order_id"])
    assert notification.recipient == email
    assert times_processed(committing_factory, envelope) == 1
    assert get_message(channel, names.dead_letters) is None


def consumers_of(channel, queue):
    return channel.queue_declare(queue, passive=True).method.consumer_count


def test_stop_closes_the_consumers_connection_and_it_reports_itself_disconnected(
    start_consumer, channel, names
):
    consumer = start_consumer()
    assert consumers_of(channel, names.queue("order.confirmed")) == 1

    consumer.stop()

    assert not consumer.is_connected
    assert consumers_of(channel, names.queue("order.confirmed")) == 0
