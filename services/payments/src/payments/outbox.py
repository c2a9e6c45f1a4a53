"""The transactional outbox: events stored with the change that caused them, published after.

A payment's outcome is written in the same transaction as the payment, so that neither exists
without the other; the relay publishes it later, at least once, whatever the broker was doing.
"""

import logging
import threading
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Index, String, func, select, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from payments.db import Base
from payments.events import Envelope
from payments.publisher import Publisher, PublishFailed

log = logging.getLogger(__name__)


class OutboxMessage(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        # The relay reads only what is still to publish, oldest first.
        Index("ix_outbox_unpublished", "created_at", postgresql_where=text("published_at IS NULL")),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)  # the envelope's id
    type: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB)  # the whole envelope
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.clock_timestamp()
    )
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


def add_event(session: Session, envelope: Envelope) -> None:
    """Store the event in the caller's transaction; it is published once that commits."""
    session.add(
        OutboxMessage(id=envelope.id, type=envelope.type, payload=envelope.model_dump(mode="json"))
    )


class OutboxRelay:
    """Publishes unpublished outbox rows, oldest first, from a daemon thread."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        publisher: Publisher,
        poll_seconds: float,
        batch_size: int = 100,
    ) -> None:
        self._session_factory = session_factory
        self._publisher = publisher
        self._poll_seconds = poll_seconds
        self._batch_size = batch_size
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def publish_pending(self) -> int:
        """Publish one batch; how many were published. A failure leaves the rest for next time."""
        published = 0
        with self._session_factory() as session, session.begin():
            # SKIP LOCKED: several relays (replicas) share the work without publishing twice.
            pending = session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.published_at.is_(None))
                .order_by(OutboxMessage.created_at, OutboxMessage.id)
                .limit(self._batch_size)
                .with_for_update(skip_locked=True)
            ).all()
            for message in pending:
                try:
                    self._publisher.publish(Envelope.model_validate(message.payload))
                except PublishFailed as error:
                    # Stop here rather than skip ahead: events keep their order.
                    log.warning("outbox: %s; retrying in the next round", error)
                    break
                message.published_at = datetime.now(UTC)
                published += 1
        return published

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
        while not self._stopping.is_set():
            try:
                full_batch = self.publish_pending() == self._batch_size
            except SQLAlchemyError:
                log.exception("outbox: the database failed; retrying")
                full_batch = False
            if not full_batch:  # a full batch means more may be waiting: go on at once
                self._stopping.wait(self._poll_seconds)
