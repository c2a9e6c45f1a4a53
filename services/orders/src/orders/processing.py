"""What to do with one delivery, decided away from pika: ack, dead-letter or requeue.

The event is applied in ONE transaction with the record of its id in processed_messages, so
a redelivered event (the consumer died after the commit, before the ack) is not applied twice.
An unknown order is poison (dead-lettered); an illegal transition is acked without effect (the
handlers log and drop it); a database or downstream service that is down is worth a retry.
"""

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from orders.downstream import DownstreamUnavailable
from orders.events import Envelope, PoisonMessage, parse
from orders.handlers import Handler
from orders.models import ProcessedMessage

log = logging.getLogger(__name__)

# Failures that may pass: the delivery is requeued, not dead-lettered.
TRANSIENT_ERRORS = (OperationalError, DownstreamUnavailable)


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
    """Record the event and apply it in one transaction; False if it was applied before."""
    with session_factory() as session, session.begin():
        first_time = session.execute(
            insert(ProcessedMessage)
            .values(id=envelope.id, type=envelope.type)
            .on_conflict_do_nothing()
            .returning(ProcessedMessage.id)
        ).first()
        if first_time is None:
            log.info("consumer: %s %s seen before; skipped", envelope.type, envelope.id)
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
            raise PoisonMessage(f"no handler for events of type {envelope.type}")
        apply_once(session_factory, handler, envelope)
    except PoisonMessage as poison:
        return Verdict(Action.DEAD_LETTER, str(poison))
    except TRANSIENT_ERRORS as error:
        return Verdict(Action.REQUEUE, repr(error))
    except Exception as error:
        # A bug, not the broker's fault: keep the message for a human, and carry on.
        log.exception("consumer: unexpected error applying a message")
        return Verdict(Action.DEAD_LETTER, f"unexpected error: {error!r}")
    return Verdict(Action.ACK)
