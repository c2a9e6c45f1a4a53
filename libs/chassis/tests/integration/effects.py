"""What the chassis' integration tests share: its tables, and a handler whose effects they count."""

import time
import uuid
from dataclasses import dataclass, field

from pydantic import BaseModel
from sqlalchemy import Column, Integer, MetaData, Table, Uuid, func, select
from sqlalchemy.orm import Session, sessionmaker

from chassis.db import service_metadata
from chassis.messaging.envelope import Envelope, new_envelope, read_payload
from chassis.messaging.inbox import Inbox
from chassis.messaging.outbox import Outbox

EVENT = "thing.happened"


@dataclass(frozen=True)
class Tables:
    metadata: MetaData
    outbox: Outbox
    inbox: Inbox
    effects: Table


def chassis_tables() -> Tables:
    """The outbox and inbox as a service declares them, and the test handler's `effects`."""
    metadata = service_metadata()
    effects = Table(
        "effects",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("event_id", Uuid, nullable=False),
    )
    return Tables(metadata, Outbox(metadata), Inbox(metadata), effects)


class Thing(BaseModel):
    """The payload the test handler reads, as a service reads its events'."""

    thing_id: uuid.UUID


@dataclass
class Effects:
    """The test handler: writes one `effects` row per application, after any planned failures."""

    table: Table
    calls: list[tuple[uuid.UUID, float]] = field(default_factory=list)
    failures: dict[uuid.UUID, list[BaseException]] = field(default_factory=dict)

    def __call__(self, session: Session, envelope: Envelope) -> None:
        self.calls.append((envelope.id, time.monotonic()))
        if self.failures.get(envelope.id):
            raise self.failures[envelope.id].pop(0)
        read_payload(envelope, Thing)
        session.execute(self.table.insert().values(event_id=envelope.id))

    def fail(self, envelope: Envelope, *errors: BaseException) -> None:
        """Raise these, one per delivery, before applying the event."""
        self.failures[envelope.id] = list(errors)

    def times_called(self, envelope: Envelope) -> list[float]:
        return [at for event_id, at in self.calls if event_id == envelope.id]

    def applied(self, factory: sessionmaker[Session], envelope: Envelope) -> int:
        """How many rows the event left: committed applications, seen from another session."""
        with factory() as session:
            count = select(func.count()).where(self.table.c.event_id == envelope.id)
            return session.scalar(count)


def a_thing() -> Envelope:
    return new_envelope(EVENT, {"thing_id": str(uuid.uuid4())})
