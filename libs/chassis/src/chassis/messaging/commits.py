"""Commits that added outbox events, heard as they happen: Postgres LISTEN/NOTIFY.

`Outbox.add` issues a NOTIFY in the caller's transaction. Postgres delivers it when that
transaction commits, and never when it rolls back, to every connection LISTENing in the
database: every relay, of every process and replica, hears of each commit, the one holding the
relay lock included. A notification carries nothing the relay needs: the rows are the truth,
and the relay's poll still finds them when a notification is lost (a dropped connection).
"""

import logging
import threading
import time

import psycopg
from psycopg import sql
from sqlalchemy import Engine
from sqlalchemy.engine.interfaces import PoolProxiedConnection

log = logging.getLogger(__name__)

# How often a wait looks at its stop event: stop() returns within this, at next to no cost.
STOP_CHECK_SECONDS = 0.2


class CommitListener:
    """A connection of its own LISTENing on a channel; `wait` returns at the next commit."""

    def __init__(self, engine: Engine | None, channel: str) -> None:
        self._engine = engine  # None: nothing to listen on, the relay polls
        self._channel = channel
        self._connection: PoolProxiedConnection | None = None
        self._said_so = False  # one warning per outage, not one per round

    def listen(self) -> None:
        """Connect and LISTEN, unless already done; on failure, polling only until next time.

        Call it before reading the outbox: a commit after that is heard, even one made while
        the relay was still reading.
        """
        if self._engine is None or self._connection is not None:
            return
        connection = None
        try:
            connection = self._engine.raw_connection()
            driver = connection.driver_connection
            driver.rollback()  # nothing in it, but autocommit can only be set outside one
            driver.autocommit = True  # a LISTEN takes effect at commit; this one, at once
            driver.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self._channel)))
        except Exception as error:  # any failure: the poll carries on alone
            if not self._said_so:
                log.warning("outbox: cannot listen for commits (%r); polling only", error)
                self._said_so = True
            if connection is not None:
                connection.invalidate()
            return
        self._connection, self._said_so = connection, False

    def wait(self, seconds: float, stopping: threading.Event) -> None:
        """Until a commit is heard, `seconds` have passed or `stopping` is set."""
        if self._connection is None:
            stopping.wait(seconds)
            return
        driver = self._connection.driver_connection
        deadline = time.monotonic() + seconds
        try:
            while not stopping.is_set() and (left := deadline - time.monotonic()) > 0:
                # list(): the generator holds the connection's lock until it is exhausted.
                if list(driver.notifies(timeout=min(left, STOP_CHECK_SECONDS), stop_after=1)):
                    list(driver.notifies(timeout=0))  # commits already heard: the same round
                    return
        except psycopg.Error as error:
            log.warning("outbox: stopped hearing commits (%r); polling until reconnected", error)
            self.close()
            stopping.wait(max(0.0, deadline - time.monotonic()))

    def close(self) -> None:
        """Drop the connection (not back to the pool: it is LISTENing and in autocommit)."""
        if self._connection is not None:
            self._connection.invalidate()
            self._connection = None
