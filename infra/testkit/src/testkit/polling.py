"""Waiting for what another thread or the broker does: poll with a deadline, never sleep blind."""

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def eventually(
    probe: Callable[[], T],
    *,
    timeout: float = 5.0,
    interval: float = 0.005,
    what: str | None = None,
) -> T:
    """The first truthy result of `probe`, polled until `timeout` seconds have passed.

    Args:
        probe: Called again and again; its first truthy result is returned.
        timeout: Seconds before giving up.
        interval: Seconds between calls: short, since most waits end within milliseconds.
        what: What is awaited, for the failure message (default: the probe's repr).

    Raises:
        AssertionError: No truthy result came before the deadline, so the test fails, not errors.
    """
    deadline = time.monotonic() + timeout
    while True:
        result = probe()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"{what or probe} not met within {timeout} s")
        time.sleep(interval)
