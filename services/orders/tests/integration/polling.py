"""Waiting for what another thread or the broker does: poll with a deadline, never sleep blind."""

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def eventually(probe: Callable[[], T], *, timeout: float = 5.0, interval: float = 0.01) -> T:
    """The first truthy result of `probe`; AssertionError when none comes before the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        result = probe()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"nothing came within {timeout} s from {probe}")
        time.sleep(interval)
