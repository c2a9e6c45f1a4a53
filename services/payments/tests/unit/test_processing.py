"""One delivery's verdict (ack, dead-letter, requeue) and apply-once, with a fake session."""

import uuid

from fakes import FakeSessionFactory
from payments.events import PoisonMessage, new_envelope, serialize
from payments.processing import Action, process
from sqlalchemy.exc import OperationalError


def recording_handler(applied: list):
    def handle(session, envelope):
        applied.append(envelope.id)

    return handle


def failing_handler(error: Exception):
    def handle(session, envelope):
        session.add("half-written row")
        raise error

    return handle


def an_event():
    return new_envelope("order.placed", {"order_id": str(uuid.uuid4())})


def test_an_event_is_applied_and_acked_and_its_id_recorded_in_the_same_transaction():
    factory, applied, envelope = FakeSessionFactory(), [], an_event()

    verdict = process(factory, {"order.placed": recording_handler(applied)}, serialize(envelope))

    assert verdict.action is Action.ACK
    assert applied == [envelope.id]
    assert envelope.id in factory.session.rows["processed_messages"]
    assert factory.session.committed


def test_the_same_event_twice_is_applied_once_and_both_are_acked():
    factory, applied, envelope = FakeSessionFactory(), [], an_event()
    handlers = {"order.placed": recording_handler(applied)}

    verdicts = [process(factory, handlers, serialize(envelope)) for _ in range(2)]

    assert [v.action for v in verdicts] == [Action.ACK, Action.ACK]
    assert applied == [envelope.id]


def test_a_body_that_is_not_json_is_dead_lettered_with_the_reason():
    verdict = process(FakeSessionFactory(), {}, b"not json")

    assert verdict.action is Action.DEAD_LETTER
    assert "not an event envelope" in verdict.reason


def test_an_event_of_a_type_without_handler_is_dead_lettered():
    verdict = process(FakeSessionFactory(), {}, serialize(new_envelope("order.shipped", {})))

    assert verdict.action is Action.DEAD_LETTER
    assert "order.shipped" in verdict.reason


def test_poison_found_by_the_handler_is_dead_lettered_and_its_id_not_recorded():
    factory = FakeSessionFactory()
    handlers = {"order.placed": failing_handler(PoisonMessage("total_cents: Field required"))}

    verdict = process(factory, handlers, serialize(an_event()))

    assert verdict.action is Action.DEAD_LETTER
    assert verdict.reason == "total_cents: Field required"
    assert factory.session.committed is False
    assert factory.session.rows == {}  # neither the payment nor the message id was kept
    assert factory.session.added == []


def test_a_database_that_is_down_requeues_the_message():
    error = OperationalError("INSERT", {}, Exception("connection refused"))
    factory = FakeSessionFactory()

    verdict = process(factory, {"order.placed": failing_handler(error)}, serialize(an_event()))

    assert verdict.action is Action.REQUEUE
    assert factory.session.committed is False


def test_an_unexpected_error_is_dead_lettered_rather_than_retried_for_ever():
    handlers = {"order.placed": failing_handler(ZeroDivisionError("bug"))}

    verdict = process(FakeSessionFactory(), handlers, serialize(an_event()))

    assert verdict.action is Action.DEAD_LETTER
    assert "ZeroDivisionError" in verdict.reason
