"""What to do with one delivery, decided away from pika: ack, dead-letter or requeue.

The event is applied in ONE transaction with the record of its id in processed_messages, so
a redelivered event (the consumer died after the commit, before the ack) is not applied twice.
"""

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from catalog.events import Envelope, PoisonMessage, parse
from catalog.handlers import Handler
from catalog.models import ProcessedMessage

log = logging.getLogger(__name__)

# Failures that say "not now" rather than "never" (the database is down, slow, or chose this
# transaction as a deadlock victim): the message is kept and retried.
TRANSIENT_ERRORS = (OperationalError,)


class Action(Enum):
    ACK = "ack"
    DEAD_LETTER = "dead-letter"
    REQUEUE = "requeue"


@dataclass(frozen=True)
class Verdict:
    action: Action
    reason: str = ""


def apply_once(
    session_factory: sessionmaker[Session], handler: Handler, envelope: Envelope
) -> bool:
    """Apply the event and record its id in one transaction; False if it was applied before."""
    with session_factory() as session, session.begin():
        first_time = session.execute(
            insert(ProcessedMessage)
            .values(id=envelope.id, type=envelope.type)
            .on_conflict_do_nothing(index_elements=[ProcessedMessage.id])
            .returning(ProcessedMessage.id)
        ).scalar_one_or_none()
        if first_time is None:
            return False
        handler(session, envelope)
    return True


def process(
    session_factory: sessionmaker[Session], handlers: Mapping[str, Handler], body: bytes
) -> Verdict:
    """Parse and apply one message body; the verdict says what the consumer does with it."""
    try:
        envelope = parse(body)
        handler = handlers.get(envelope.type)
        if handler is None:
            raise PoisonMessage(f"no handler for events of type {envelope.type!r}")
        apply_once(session_factory, handler, envelope)
    except PoisonMessage as poison:
        return Verdict(Action.DEAD_LETTER, str(poison))
    except TRANSIENT_ERRORS as error:
        return Verdict(Action.REQUEUE, str(error))
    except Exception as error:
        # A bug, or a row the database refuses: retrying would loop on it for ever.
        log.exception("unexpected error applying a message")
        return Verdict(Action.DEAD_LETTER, f"unexpected error: {error!r}")
    return Verdict(Action.ACK)
