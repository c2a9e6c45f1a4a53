"""The periodic worker: rounds until stopped, a failing round does not end it."""

import threading

import pytest

from chassis.periodic import Periodic

WAIT = 5.0  # seconds: far more than a few rounds of a millisecond take


class Rounds:
    """Counts its rounds and sets `done` at the `wanted`th; the first `failures` rounds raise."""

    def __init__(self, failures: int = 0, wanted: int = 3) -> None:
        self.failures = failures
        self.wanted = wanted
        self.done = threading.Event()
        self.count = 0
        self.threads: set[str] = set()

    def __call__(self) -> None:
        self.count += 1
        self.threads.add(threading.current_thread().name)
        if self.count >= self.wanted:
            self.done.set()
        if self.count <= self.failures:
            raise RuntimeError("the database is down")


def test_the_task_runs_round_after_round_in_its_own_thread_until_stopped():
    rounds = Rounds()
    worker = Periodic(rounds, interval_seconds=0.001, name="expiry")

    worker.start()
    assert rounds.done.wait(WAIT)
    worker.stop()
    after_stop = rounds.count

    assert rounds.threads == {"expiry"}
    threading.Event().wait(0.05)
    assert rounds.count == after_stop


def test_a_round_that_raises_is_logged_and_the_next_round_comes(caplog):
    rounds = Rounds(failures=2)
    worker = Periodic(rounds, interval_seconds=0.001, name="expiry")

    worker.start()
    try:
        assert rounds.done.wait(WAIT)  # the third round, after two that failed
    finally:
        worker.stop()

    assert "expiry: the round failed" in caplog.text


def test_a_worker_can_be_started_again_after_a_stop():
    rounds = Rounds(wanted=1)
    worker = Periodic(rounds, interval_seconds=0.001, name="expiry")
    worker.start()
    assert rounds.done.wait(WAIT)
    worker.stop()
    rounds.done.clear()
    rounds.wanted = rounds.count + 1

    worker.start()
    try:
        assert rounds.done.wait(WAIT)
    finally:
        worker.stop()


@pytest.mark.parametrize("interval", [0, -1])
def test_an_interval_that_is_not_positive_is_refused(interval):
    with pytest.raises(ValueError, match="interval_seconds"):
        Periodic(Rounds(), interval_seconds=interval, name="expiry")
