"""The transactional outbox: events stored with the change that caused them, published after.

An event is written in the same transaction as the change it describes, so that neither exists
without the other; the relay publishes it later, at least once, whatever the broker was doing.
"Later" is as soon as the transaction commits (its NOTIFY wakes the relay, see `commits`); the
relay's poll is the safety net for a wake-up that was lost.
Each service puts the outbox table in its own metadata (`Outbox(Base.metadata)`) and so in its
own migrations; the table is the same everywhere.
"""

import logging
import threading
from datetime import UTC, datetime

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Index,
    Integer,
    MetaData,
    Select,
    String,
    Table,
    Uuid,
    cast,
    func,
    literal,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB, OID, REGCLASS
from sqlalchemy.orm import Session, sessionmaker

from chassis.messaging.commits import CommitListener
from chassis.messaging.envelope import Envelope
from chassis.messaging.publisher import Publisher, PublishFailed

log = logging.getLogger(__name__)

# Any number, the same in every relay. Advisory locks keyed by two numbers (class, object) are
# apart from those keyed by one, so no other lock in the database is taken for this one.
RELAY_LOCK_CLASS = 1


def one_relay_at_a_time(table: Table) -> Select[tuple[bool]]:
    """Take the table's relay lock, held to the end of the transaction; False if another has it.

    The object is the table's oid: the outbox of this database's search path, and no other.
    """
    oid = cast(cast(cast(literal(table.name), REGCLASS), OID), Integer)
    return select(func.pg_try_advisory_xact_lock(RELAY_LOCK_CLASS, oid))


class Outbox:
    """The `outbox` table in a service's metadata, and the one way to add an event to it."""

    def __init__(self, metadata: MetaData) -> None:
        self.table = Table(
            "outbox",
            metadata,
            Column("id", Uuid, primary_key=True),  # the envelope's id
            Column("type", String(100), nullable=False),
            Column("payload", JSONB, nullable=False),  # the whole envelope
            Column(
                "created_at",
                DateTime(timezone=True),
                nullable=False,
                server_default=func.clock_timestamp(),
            ),
            Column("published_at", DateTime(timezone=True)),
            # The relay reads only what is still to publish, oldest first.
            Index(
                "ix_outbox_unpublished",
                "created_at",
                postgresql_where=text("published_at IS NULL"),
            ),
        )

    def add(self, session: Session, envelope: Envelope) -> None:
        """Store the event in the caller's transaction; it is published once that commits.

        The INSERT is sent at once (not at flush), so a database failure surfaces here: call it
        inside the same error handling as the commit.
        """
        # With a NOTIFY for the relays (`commits`), in the same statement: Postgres delivers it
        # at commit, not before, never on rollback, and several of one transaction as one.
        session.execute(
            self.table.insert()
            .values(id=envelope.id, type=envelope.type, payload=envelope.model_dump(mode="json"))
            .returning(func.pg_notify(self.table.name, ""))
        )


class OutboxRelay:
    """Publishes unpublished outbox rows, oldest first, from a daemon thread.

    The thread publishes as soon as a transaction that added events commits; it also looks
    every `poll_seconds`, for the events whose wake-up was lost, and `retry_seconds` after a
    round that failed (the broker or the database down), since no commit may come to say that
    they are back.
    """

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        outbox: Outbox,
        publisher: Publisher,
        *,
        poll_seconds: float,
        retry_seconds: float = 1.0,
        batch_size: int = 100,
    ) -> None:
        self._session_factory = session_factory
        self._table = outbox.table
        self._publisher = publisher
        self._poll_seconds = poll_seconds
        self._retry_seconds = retry_seconds
        self._round_failed = False
        self._batch_size = batch_size
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        bind = session_factory.kw.get("bind")  # sessions bound to a connection: polling only
        self._commits = CommitListener(
            bind if isinstance(bind, Engine) else None, outbox.table.name
        )

    def publish_pending(self) -> int:
        """Publish one batch; how many were published. A failure leaves the rest for next time."""
        table = self._table
        published = []
        with self._session_factory() as session, session.begin():
            # One relay at a time, whatever the replicas: two that shared the rows (SKIP LOCKED)
            # would publish their batches side by side, and one order's events out of order.
            if not session.scalar(one_relay_at_a_time(table)):
                return 0  # another relay is publishing; it leaves the rest for the next round
            pending = session.execute(
                select(table.c.id, table.c.payload)
                .where(table.c.published_at.is_(None))
                .order_by(table.c.created_at, table.c.id)
                .limit(self._batch_size)
            ).all()
            for row in pending:
                try:
                    self._publisher.publish(Envelope.model_validate(row.payload))
                except PublishFailed as error:
                    # Stop here rather than skip ahead: events keep their order.
                    log.warning("outbox: %s; retrying in the next round", error)
                    self._round_failed = True
                    break
                published.append(row.id)
            if published:  # one statement for the batch, in the same transaction as before
                session.execute(
                    update(table)
                    .where(table.c.id.in_(published))
                    .values(published_at=datetime.now(UTC))
                )
        return len(published)

    def start(self) -> None:
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="outbox-relay", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        try:
            self._publish_until_stopped()
        finally:
            self._commits.close()

    def _publish_until_stopped(self) -> None:
        while not self._stopping.is_set():
            self._commits.listen()  # before the round: a commit during it starts the next one
            self._round_failed = False
            try:
                full_batch = self.publish_pending() == self._batch_size
            except Exception:
                # The database, or anything else, failed. Keep the thread alive: a dead relay
                # shows nowhere, while the events pile up in the outbox.
                log.exception("outbox: the round failed; retrying")
                full_batch, self._round_failed = False, True
            if not full_batch:  # a full batch means more may be waiting: go on at once
                wait = self._retry_seconds if self._round_failed else self._poll_seconds
                self._commits.wait(wait, self._stopping)
