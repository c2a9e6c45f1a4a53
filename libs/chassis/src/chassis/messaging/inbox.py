"""The inbox: the id of every event a service has applied, so that a redelivery is applied once.

At-least-once delivery means an event can come again (the consumer died after its commit, before
its ack). The event is applied in ONE transaction with the record of its id, so the second
delivery finds the id and changes nothing. Each service puts the table in its own metadata.
"""

import logging
from collections.abc import Callable

from sqlalchemy import Column, DateTime, MetaData, String, Table, Uuid, func
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, sessionmaker

from chassis.messaging.envelope import Envelope

log = logging.getLogger(__name__)

# What a service does with one event, inside the transaction that records its id. It raises
# PoisonMessage for an event that can never be applied.
Handler = Callable[[Session, Envelope], None]


class Inbox:
    """The `processed_messages` table in a service's metadata, and applying an event once."""

    def __init__(self, metadata: MetaData) -> None:
        self.table = Table(
            "processed_messages",
            metadata,
            Column("id", Uuid, primary_key=True),
            Column("type", String(100), nullable=False),
            Column(
                "processed_at",
                DateTime(timezone=True),
                nullable=False,
                server_default=func.clock_timestamp(),
            ),
        )

    def apply_once(
        self, session_factory: sessionmaker[Session], handler: Handler, envelope: Envelope
    ) -> bool:
        """Record the event and apply it in one transaction; False if it was applied before."""
        with session_factory() as session, session.begin():
            # The primary key decides, not a prior SELECT: of two racing deliveries, one waits
            # for the other's commit and then inserts nothing.
            first_time = session.execute(
                insert(self.table)
                .values(id=envelope.id, type=envelope.type)
                .on_conflict_do_nothing(index_elements=[self.table.c.id])
                .returning(self.table.c.id)
            ).scalar_one_or_none()
            if first_time is None:
                log.info("%s %s seen before; skipped", envelope.type, envelope.id)
                return False
            handler(session, envelope)
        return True
