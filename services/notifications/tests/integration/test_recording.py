"""Handlers on the real database, through this service's inbox: one e-mail per order and kind."""

import uuid

from notifications import service
from notifications.handlers import make_handlers
from notifications.models import Notification, NotificationKind, inbox
from notifications.schemas import NotificationCreate
from notifications.users_client import Recipient
from sqlalchemy import select

from chassis.messaging.envelope import new_envelope
from testkit.data import random_email


class FakeUsers:
    def __init__(self, *recipients):
        self.recipients = {recipient.user_id: recipient for recipient in recipients}

    def get_user(self, user_id):
        return self.recipients.get(user_id)


def a_recipient():
    return Recipient(user_id=uuid.uuid4(), email=random_email(), name="Ada")


def confirmed(recipient, order_id=None):
    data = {"order_id": str(order_id or uuid.uuid4()), "user_id": str(recipient.user_id)}
    return new_envelope("order.confirmed", {**data, "total_cents": 4200})


def notifications_of(session, user_id):
    return session.scalars(select(Notification).where(Notification.user_id == user_id)).all()


def was_processed(session, envelope):
    return session.execute(select(inbox.table).where(inbox.table.c.id == envelope.id)).first()


def test_an_order_confirmed_is_recorded_with_the_users_email(session_factory, session):
    ada = a_recipient()
    envelope = confirmed(ada)
    handlers = make_handlers(users=FakeUsers(ada))

    assert inbox.apply_once(session_factory, handlers["order.confirmed"], envelope) is True

    [notification] = notifications_of(session, ada.user_id)
    assert notification.recipient == ada.email
    assert (notification.kind, notification.channel) == (NotificationKind.ORDER_CONFIRMED, "email")
    assert "42.00" in notification.body
    assert was_processed(session, envelope)


def test_the_same_order_under_two_event_ids_records_one_notification(session_factory, session):
    ada = a_recipient()
    order_id = uuid.uuid4()
    handler = make_handlers(users=FakeUsers(ada))["order.confirmed"]

    for envelope in (confirmed(ada, order_id), confirmed(ada, order_id)):
        inbox.apply_once(session_factory, handler, envelope)

    assert len(notifications_of(session, ada.user_id)) == 1


def test_record_notification_reports_a_second_one_for_the_same_order_and_kind(session):
    notification = NotificationCreate(
        user_id=uuid.uuid4(),
        order_id=uuid.uuid4(),
        kind=NotificationKind.ORDER_CANCELLED,
        recipient=random_email(),
        subject="s",
        body="b",
    )

    recorded = [service.record_notification(session, notification=notification) for _ in "ab"]

    assert recorded == [True, False]
