"""The handlers with a fake users service and a fake store: event in, notification (or not) out."""

import uuid

import pytest
from notifications.handlers import make_handlers
from notifications.models import NotificationKind
from notifications.users_client import Recipient

from chassis.downstream import DownstreamUnavailable
from chassis.messaging.envelope import PoisonMessage, new_envelope

SESSION = object()  # the handlers only hand the session on to the store


class FakeUsers:
    def __init__(self, *recipients: Recipient, down: bool = False) -> None:
        self.recipients = {recipient.user_id: recipient for recipient in recipients}
        self.down = down

    def get_user(self, user_id):
        if self.down:
            raise DownstreamUnavailable("users is down", service="users")
        return self.recipients.get(user_id)


class FakeStore:
    def __init__(self) -> None:
        self.recorded = []

    def __call__(self, session, *, notification):
        assert session is SESSION
        self.recorded.append(notification)
        return True


ADA = Recipient(user_id=uuid.uuid4(), email="ada@example.com", name="Ada")


def handle(event_type, data, users):
    store = FakeStore()
    make_handlers(users=users, record=store)[event_type](SESSION, new_envelope(event_type, data))
    return store.recorded


def test_an_order_confirmed_records_a_confirmation_to_the_users_email():
    order_id = uuid.uuid4()
    data = {"order_id": str(order_id), "user_id": str(ADA.user_id), "total_cents": 1999}

    [notification] = handle("order.confirmed", data, FakeUsers(ADA))

    assert notification.kind is NotificationKind.ORDER_CONFIRMED
    assert (notification.user_id, notification.order_id) == (ADA.user_id, order_id)
    assert notification.recipient == "ada@example.com"
    assert notification.subject == f"Your order {order_id.hex[:8]} is confirmed"
    assert "19.99" in notification.body


@pytest.mark.parametrize(
    ("event_type", "field"),
    [("order.confirmed", {"total_cents": 1999}), ("order.cancelled", {"reason": "declined"})],
)
def test_an_event_carrying_its_recipient_is_recorded_without_asking_users(event_type, field):
    data = {
        "order_id": str(uuid.uuid4()),
        "user_id": str(ADA.user_id),
        **field,
        "recipient": {"email": "grace@example.com", "name": "Grace"},
    }

    [notification] = handle(event_type, data, FakeUsers(down=True))

    assert notification.recipient == "grace@example.com"
    assert "Grace" in notification.body


def test_an_order_cancelled_records_a_cancellation_with_the_reason():
    data = {"order_id": str(uuid.uuid4()), "user_id": str(ADA.user_id), "reason": "declined"}

    [notification] = handle("order.cancelled", data, FakeUsers(ADA))

    assert notification.kind is NotificationKind.ORDER_CANCELLED
    assert "Reason: declined" in notification.body


@pytest.mark.parametrize("event_type", ["order.confirmed", "order.cancelled"])
def test_a_user_the_users_service_does_not_know_is_poison(event_type):
    data = {"order_id": str(uuid.uuid4()), "user_id": str(uuid.uuid4()), "total_cents": 1}
    data["reason"] = "declined"

    with pytest.raises(PoisonMessage, match="does not know user"):
        handle(event_type, data, FakeUsers(ADA))


def test_a_users_service_that_is_down_is_not_poison_and_records_nothing():
    store = FakeStore()
    data = {"order_id": str(uuid.uuid4()), "user_id": str(ADA.user_id), "total_cents": 1}
    handler = make_handlers(users=FakeUsers(ADA, down=True), record=store)["order.confirmed"]

    with pytest.raises(DownstreamUnavailable):
        handler(SESSION, new_envelope("order.confirmed", data))
    assert store.recorded == []


def test_a_payload_missing_the_user_is_poison_before_anyone_is_asked():
    users = FakeUsers(down=True)  # would raise DownstreamUnavailable if it were asked

    with pytest.raises(PoisonMessage, match="user_id"):
        handle("order.confirmed", {"order_id": str(uuid.uuid4()), "total_cents": 1}, users)
