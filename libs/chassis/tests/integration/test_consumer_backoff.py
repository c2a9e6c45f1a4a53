"""The requeue back-off on the real broker: it doubles while failures last, a success resets it.

Gaps are measured between a handler's attempts and checked against lower bounds (the back-off
is a wait of at least that long) or, for the reset, against a bound far above the expected gap:
generous slack, since the machine may be busy, but never passing a constant or unreset back-off.
"""

from itertools import pairwise

from effects import a_thing
from sqlalchemy.exc import OperationalError

from testkit.polling import eventually

BASE = 0.02
FAILURES = 5


def database_down() -> OperationalError:
    return OperationalError("SELECT 1", {}, Exception("the database went away"))


def gaps(times: list[float]) -> list[float]:
    return [later - earlier for earlier, later in pairwise(times)]


def test_the_back_off_doubles_while_failures_last_and_starts_over_after_a_success(
    start_consumer, send, effects, committing_session_factory
):
    first, second = a_thing(), a_thing()
    effects.fail(first, *(database_down() for _ in range(FAILURES)))
    effects.fail(second, database_down())
    start_consumer(backoff_seconds=BASE, max_backoff_seconds=10.0)

    send(first)
    eventually(lambda: effects.applied(committing_session_factory, first), what="the first event")
    send(second)  # only now: a second event in the prefetch would interleave with the retries
    eventually(lambda: effects.applied(committing_session_factory, second), what="the second")

    # 0.02, 0.04, 0.08, 0.16, 0.32 s at least, one after each failure; a constant back-off
    # would leave the later gaps at about 0.02 s.
    first_gaps = gaps(effects.times_called(first))
    assert len(first_gaps) == FAILURES
    for failures_so_far, gap in enumerate(first_gaps):
        assert gap >= BASE * 2**failures_so_far, first_gaps
    # Unreset, the back-off after those failures would be 0.64 s; reset, it is 0.02 s again.
    [second_gap] = gaps(effects.times_called(second))
    assert second_gap < BASE * 2 ** (FAILURES - 1), second_gap
