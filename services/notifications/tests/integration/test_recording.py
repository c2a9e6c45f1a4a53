"""Handlers and processing on the real database: one transaction, each event applied once."""

import uuid

import pytest
from notifications import service
from notifications.db import create_session_factory
from notifications.events import new_envelope, serialize
from notifications.handlers import make_handlers
from notifications.models import Notification, NotificationKind, ProcessedMessage
from notifications.processing import Action, apply_once, process
from notifications.schemas import NotificationCreate
from notifications.users_client import DownstreamUnavailable, Recipient
from sqlalchemy import select

from testkit import random_email


class FakeUsers:
    def __init__(self, *recipients, down=False):
        self.recipients = {recipient.user_id: recipient for recipient in recipients}
        self.down = down

    def get_user(self, user_id):
        if self.down:
            raise DownstreamUnavailable("users is down")
        return self.recipients.get(user_id)


def a_recipient():
    return Recipient(user_id=uuid.uuid4(), email=random_email(), name="Ada")


def confirmed(recipient, order_id=None):
    data = {"order_id": str(order_id or uuid.uuid4()), "user_id": str(recipient.user_id)}
    return new_envelope("order.confirmed", {**data, "total_cents": 4200})


def notifications_of(session, user_id):
    return session.scalars(select(Notification).where(Notification.user_id == user_id)).all()


def was_processed(session, envelope):
    return session.get(ProcessedMessage, envelope.id) is not None


def test_an_order_confirmed_is_recorded_with_the_users_email(session_factory, session):
    ada = a_recipient()
    envelope = confirmed(ada)
    handlers = make_handlers(users=FakeUsers(ada))

    assert apply_once(session_factory, handlers["order.confirmed"], envelope) is True

    [notification] = notifications_of(session, ada.user_id)
    assert notification.recipient == ada.email
    assert notification.kind == NotificationKind.ORDER_CONFIRMED
    assert "42.00" in notification.body
    assert was_processed(session, envelope)


def test_the_same_event_applied_twice_records_one_notification(session_factory, session):
    ada = a_recipient()
    envelope = confirmed(ada)
    handler = make_handlers(users=FakeUsers(ada))["order.confirmed"]

    applied = [apply_once(session_factory, handler, envelope) for _ in range(2)]

    assert applied == [True, False]
    assert len(notifications_of(session, ada.user_id)) == 1


def test_the_same_order_under_two_event_ids_records_one_notification(session_factory, session):
    ada = a_recipient()
    order_id = uuid.uuid4()
    handler = make_handlers(users=FakeUsers(ada))["order.confirmed"]

    for envelope in (confirmed(ada, order_id), confirmed(ada, order_id)):
        apply_once(session_factory, handler, envelope)

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


def test_a_failing_handler_leaves_neither_notification_nor_processed_record(
    session_factory, session
):
    ada = a_recipient()
    envelope = confirmed(ada)
    handler = make_handlers(users=FakeUsers(ada, down=True))["order.confirmed"]

    with pytest.raises(DownstreamUnavailable):
        apply_once(session_factory, handler, envelope)

    assert notifications_of(session, ada.user_id) == []
    assert not was_processed(session, envelope)


def test_users_down_is_a_requeue_verdict_and_writes_nothing(session_factory, session):
    ada = a_recipient()
    envelope = confirmed(ada)
    handlers = make_handlers(users=FakeUsers(ada, down=True))

    verdict = process(session_factory, handlers, serialize(envelope))

    assert verdict.action is Action.REQUEUE
    assert not was_processed(session, envelope)


def test_an_unknown_user_is_a_dead_letter_verdict_and_writes_nothing(session_factory, session):
    envelope = confirmed(a_recipient())
    handlers = make_handlers(users=FakeUsers())

    verdict = process(session_factory, handlers, serialize(envelope))

    assert verdict.action is Action.DEAD_LETTER
    assert "does not know user" in verdict.reason
    assert not was_processed(session, envelope)


def test_a_database_that_does_not_answer_is_a_requeue_verdict():
    unreachable = create_session_factory("postgresql+psycopg://nobody@127.0.0.1:1/none")
    ada = a_recipient()

    verdict = process(unreachable, make_handlers(users=FakeUsers(ada)), serialize(confirmed(ada)))

    assert verdict.action is Action.REQUEUE
