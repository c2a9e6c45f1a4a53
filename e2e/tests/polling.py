"""Waiting for what happens asynchronously: poll until it holds, never sleep and hope."""

import os
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

# The saga crosses two outbox relays and three consumers; a few seconds is normal, this is ample.
DEFAULT_TIMEOUT = float(os.environ.get("E2E_TIMEOUT_SECONDS", "30"))


def eventually(
    check: Callable[[], T], *, timeout: float = DEFAULT_TIMEOUT, every: float = 0.2
) -> T:
    """Call `check` until it stops raising AssertionError, and return what it returns.

    Args:
        check: asserts the expected state; its AssertionError means "not yet".
        timeout: seconds after which the last AssertionError is raised as the test's failure.
        every: seconds between two attempts.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            return check()
        except AssertionError:
            if time.monotonic() >= deadline:
                raise
        time.sleep(every)
