"""One delivery's verdict, away from pika and Postgres: ack, dead-letter (with why) or requeue."""

import uuid

import pytest
from fakes import FakeInbox, FakeSessionFactory
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from chassis.downstream import DownstreamUnavailable
from chassis.messaging.envelope import PoisonMessage, new_envelope, serialize
from chassis.messaging.processing import Action, Verdict, process

EVENT = "thing.happened"


def no_database():
    raise AssertionError("this message must be judged before any transaction")


def recording(applied: list):
    def handle(session, envelope):
        applied.append((session, envelope))

    return handle


def failing(error: BaseException):
    def handle(session, envelope):
        raise error

    return handle


def a_thing():
    return new_envelope(EVENT, {"thing_id": str(uuid.uuid4())})


def test_an_event_is_handed_to_its_handler_with_a_session_and_acked():
    sessions, inbox, applied, envelope = FakeSessionFactory(), FakeInbox(), [], a_thing()

    verdict = process(sessions, inbox, {EVENT: recording(applied)}, serialize(envelope))

    assert verdict == Verdict(Action.ACK)
    assert applied == [(sessions.sessions[0], envelope)]
    assert inbox.recorded == {envelope.id}


def test_an_event_the_inbox_has_seen_is_acked_without_reaching_the_handler():
    envelope, applied = a_thing(), []

    verdict = process(
        no_database, FakeInbox(seen={envelope.id}), {EVENT: recording(applied)}, serialize(envelope)
    )

    assert verdict == Verdict(Action.ACK)
    assert applied == []


@pytest.mark.parametrize(
    "body",
    [b"", b"{", b"\xff\xfe", b"[]", b'{"type": "thing.happened"}'],
    # Words, not repr: node ids such as [b'[]'] cannot be named again on pytest's command line
    # (mutmut runs each test by its node id).
    ids=["empty", "cut short", "not utf-8", "an array", "no envelope fields"],
)
def test_a_body_that_is_not_an_envelope_is_dead_lettered_before_any_transaction(body):
    verdict = process(no_database, FakeInbox(), {EVENT: recording([])}, body)

    assert verdict.action is Action.DEAD_LETTER
    assert verdict.reason.startswith("not an event envelope")


def test_an_event_type_without_a_handler_is_dead_lettered_naming_the_type():
    inbox = FakeInbox()

    verdict = process(
        no_database, inbox, {EVENT: recording([])}, serialize(new_envelope("x.y", {}))
    )

    assert verdict == Verdict(Action.DEAD_LETTER, "no handler for events of type 'x.y'")
    assert inbox.recorded == set()


def test_poison_found_by_the_handler_is_dead_lettered_with_its_reason_and_not_recorded():
    inbox = FakeInbox()
    handlers = {EVENT: failing(PoisonMessage("thing_id: Field required"))}

    verdict = process(FakeSessionFactory(), inbox, handlers, serialize(a_thing()))

    assert verdict == Verdict(Action.DEAD_LETTER, "thing_id: Field required")
    assert inbox.recorded == set()


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("INSERT", {}, Exception("connection refused")),
        PoolTimeout("QueuePool limit reached, connection timed out"),
        DownstreamUnavailable("the users service did not answer", service="users"),
    ],
    ids=["database down", "database busy", "downstream unavailable"],
)
def test_a_transient_failure_requeues_the_event_and_records_nothing(error):
    inbox = FakeInbox()

    verdict = process(FakeSessionFactory(), inbox, {EVENT: failing(error)}, serialize(a_thing()))

    assert verdict.action is Action.REQUEUE
    assert type(error).__name__ in verdict.reason
    assert inbox.recorded == set()


def test_an_unexpected_error_is_dead_lettered_rather_than_retried_for_ever():
    handlers = {EVENT: failing(ZeroDivisionError("bug"))}

    verdict = process(FakeSessionFactory(), FakeInbox(), handlers, serialize(a_thing()))

    assert verdict == Verdict(Action.DEAD_LETTER, "unexpected error: ZeroDivisionError('bug')")
