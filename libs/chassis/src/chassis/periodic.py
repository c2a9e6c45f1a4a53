"""A worker that does one task over and over, from a thread, while the app runs."""

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class Periodic:
    """Calls `task` every `interval_seconds` from a daemon thread, from `start()` to `stop()`.

    A Worker for `create_service_app(workers=...)`: the app starts it and stops it. A round
    that raises is logged and the next one comes as usual: a thread that died would show
    nowhere, while the work it should have done piled up.

    Args:
        task: One round of the work; what it returns is ignored.
        interval_seconds: The pause between the end of one round and the start of the next.
        name: The thread's name, in logs and thread dumps.
    """

    def __init__(self, task: Callable[[], object], *, interval_seconds: float, name: str) -> None:
        if interval_seconds <= 0:
            raise ValueError("interval_seconds must be positive")
        self._task = task
        self._interval_seconds = interval_seconds
        self._name = name
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Let the round in hand finish, then end the thread (waiting at most `timeout`)."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self._task()
            except Exception:
                log.exception("%s: the round failed; trying again in the next one", self._name)
            self._stopping.wait(self._interval_seconds)
