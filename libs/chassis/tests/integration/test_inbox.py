"""The inbox on the real database: an event's id is recorded with its effects, or not at all."""

import pytest
from effects import a_thing


def recorded(session, tables, envelope) -> list[tuple[str]]:
    table = tables.inbox.table
    return session.execute(
        table.select().with_only_columns(table.c.type).where(table.c.id == envelope.id)
    ).all()


def test_an_event_is_applied_the_first_time_and_skipped_the_second(
    session_factory, session, tables, effects
):
    envelope = a_thing()

    first, second = (tables.inbox.apply_once(session_factory, effects, envelope) for _ in range(2))

    assert (first, second) == (True, False)
    assert len(effects.times_called(envelope)) == 1
    assert effects.applied(session_factory, envelope) == 1
    assert recorded(session, tables, envelope) == [(envelope.type,)]


def test_a_handler_that_fails_leaves_neither_its_effects_nor_the_id_so_a_retry_applies_it(
    session_factory, session, tables, effects
):
    envelope = a_thing()
    effects.fail(envelope, RuntimeError("half way through"))

    with pytest.raises(RuntimeError):
        tables.inbox.apply_once(session_factory, effects, envelope)
    assert recorded(session, tables, envelope) == []

    assert tables.inbox.apply_once(session_factory, effects, envelope) is True
    assert effects.applied(session_factory, envelope) == 1
