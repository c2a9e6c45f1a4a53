"""The verdicts that need no database: bodies that can never be applied are dead-lettered."""

import pytest
from catalog.events import new_envelope, serialize
from catalog.processing import Action, Verdict, process


def no_database():
    raise AssertionError("a poison message must be judged before any transaction")


@pytest.mark.parametrize("body", [b"", b"{", b'{"type": "order.cancelled"}'])
def test_a_body_that_is_not_an_envelope_is_dead_lettered(body):
    verdict = process(no_database, {}, body)

    assert verdict.action is Action.DEAD_LETTER
    assert "not an event envelope" in verdict.reason


def test_an_event_type_without_a_handler_is_dead_lettered():
    body = serialize(new_envelope("order.shipped", {}))

    verdict = process(no_database, {"order.cancelled": lambda session, envelope: None}, body)

    assert verdict == Verdict(Action.DEAD_LETTER, "no handler for events of type 'order.shipped'")
