"""One delivery's verdict (ack, dead-letter, requeue) and apply-once, with a fake session."""

import uuid

import pytest
from fakes import FakeSessionFactory
from orders.domain import OrderStatus
from orders.downstream import DownstreamUnavailable
from orders.events import (
    PAYMENT_FAILED,
    PAYMENT_SUCCEEDED,
    PoisonMessage,
    new_envelope,
    serialize,
)
from orders.handlers import HANDLERS
from orders.models import Order
from orders.outbox import OutboxMessage
from orders.processing import Action, process
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


def payment(kind: str = PAYMENT_SUCCEEDED, order_id: uuid.UUID | None = None):
    data = {
        "payment_id": str(uuid.uuid4()),
        "order_id": str(order_id or uuid.uuid4()),
        "amount_cents": 4200,
    }
    if kind == PAYMENT_FAILED:
        data["reason"] = "card declined"
    return new_envelope(kind, data)


def an_order(status: OrderStatus = OrderStatus.PENDING) -> Order:
    return Order(id=uuid.uuid4(), user_id=uuid.uuid4(), status=status, total_cents=4200)


def test_an_event_is_applied_and_acked_and_its_id_recorded_in_the_same_transaction():
    factory, applied, envelope = FakeSessionFactory(), [], payment()

    verdict = process(factory, {PAYMENT_SUCCEEDED: recording_handler(applied)}, serialize(envelope))

    assert verdict.action is Action.ACK
    assert applied == [envelope.id]
    assert envelope.id in factory.session.rows["processed_messages"]
    assert factory.session.committed


def test_the_same_event_twice_is_applied_once_and_both_are_acked():
    factory, applied, envelope = FakeSessionFactory(), [], payment()
    handlers = {PAYMENT_SUCCEEDED: recording_handler(applied)}

    verdicts = [process(factory, handlers, serialize(envelope)) for _ in range(2)]

    assert [v.action for v in verdicts] == [Action.ACK, Action.ACK]
    assert applied == [envelope.id]


def test_a_body_that_is_not_json_is_dead_lettered_with_the_reason():
    verdict = process(FakeSessionFactory(), {}, b"not json")

    assert verdict.action is Action.DEAD_LETTER
    assert "not an event envelope" in verdict.reason


def test_an_event_of_a_type_without_handler_is_dead_lettered():
    factory = FakeSessionFactory()

    verdict = process(factory, HANDLERS, serialize(new_envelope("order.shipped", {})))

    assert verdict.action is Action.DEAD_LETTER
    assert verdict.reason == "no handler for events of type order.shipped"
    assert factory.session.rows == {}  # its id is not recorded either


def test_poison_found_by_the_handler_is_dead_lettered_and_its_id_not_recorded():
    factory = FakeSessionFactory()
    handlers = {PAYMENT_SUCCEEDED: failing_handler(PoisonMessage("order_id: Field required"))}

    verdict = process(factory, handlers, serialize(payment()))

    assert verdict.action is Action.DEAD_LETTER
    assert verdict.reason == "order_id: Field required"
    assert factory.session.committed is False
    assert factory.session.rows == {}  # neither the handler's rows nor the message id was kept
    assert factory.session.added == []


def test_an_event_about_an_order_this_service_does_not_know_is_dead_lettered():
    factory, order_id = FakeSessionFactory(), uuid.uuid4()

    verdict = process(factory, HANDLERS, serialize(payment(order_id=order_id)))

    assert verdict.action is Action.DEAD_LETTER
    assert verdict.reason == f"no order {order_id}"
    assert factory.session.committed is False
    assert factory.session.rows == {}


def test_a_payment_confirms_its_order_and_the_event_is_acked():
    order = an_order()
    factory = FakeSessionFactory(order)

    verdict = process(factory, HANDLERS, serialize(payment(order_id=order.id)))

    assert verdict.action is Action.ACK
    assert order.status == OrderStatus.CONFIRMED
    [event] = factory.session.added
    assert isinstance(event, OutboxMessage)
    assert event.type == "order.confirmed"
    assert factory.session.committed


def test_an_illegal_transition_is_acked_without_effect():
    order = an_order(OrderStatus.CONFIRMED)
    factory, envelope = FakeSessionFactory(order), payment(PAYMENT_FAILED, order.id)

    verdict = process(factory, HANDLERS, serialize(envelope))

    assert verdict.action is Action.ACK
    assert order.status == OrderStatus.CONFIRMED
    assert factory.session.added == []  # no order.cancelled in the outbox
    assert envelope.id in factory.session.rows["processed_messages"]


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("INSERT", {}, Exception("connection refused")),
        DownstreamUnavailable("the catalog service did not answer"),
    ],
    ids=["database down", "downstream unavailable"],
)
def test_a_transient_failure_requeues_the_message_and_keeps_nothing(error):
    factory = FakeSessionFactory()

    verdict = process(factory, {PAYMENT_SUCCEEDED: failing_handler(error)}, serialize(payment()))

    assert verdict.action is Action.REQUEUE
    assert type(error).__name__ in verdict.reason
    assert factory.session.committed is False
    assert factory.session.rows == {}  # its id is not recorded: the retry applies it
    assert factory.session.added == []


def test_an_unexpected_error_is_dead_lettered_rather_than_retried_for_ever():
    handlers = {PAYMENT_SUCCEEDED: failing_handler(ZeroDivisionError("bug"))}

    verdict = process(FakeSessionFactory(), handlers, serialize(payment()))

    assert verdict.action is Action.DEAD_LETTER
    assert "ZeroDivisionError" in verdict.reason
