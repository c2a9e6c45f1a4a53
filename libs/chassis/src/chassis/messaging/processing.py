"""What to do with one delivery, decided away from pika: ack, dead-letter or requeue."""

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

from chassis.downstream import DownstreamUnavailable
from chassis.messaging.envelope import PoisonMessage, parse
from chassis.messaging.inbox import Handler, Inbox

log = logging.getLogger(__name__)

# Failures that say "not now" rather than "never": the database is down, slow, chose this
# transaction as a deadlock victim, or had no pooled connection free in time; a service the
# handler calls is down. Retried, not dropped.
TRANSIENT_ERRORS = (OperationalError, PoolTimeout, DownstreamUnavailable)


class Action(Enum):
    ACK = "ack"
    DEAD_LETTER = "dead-letter"
    REQUEUE = "requeue"


@dataclass(frozen=True)
class Verdict:
    action: Action
    reason: str = ""


def process(
    session_factory: sessionmaker[Session],
    inbox: Inbox,
    handlers: Mapping[str, Handler],
    body: bytes,
) -> Verdict:
    """Parse and apply one message body; the verdict says what the consumer does with it."""
    try:
        envelope = parse(body)
        handler = handlers.get(envelope.type)
        if handler is None:
            raise PoisonMessage(f"no handler for events of type {envelope.type!r}")
        inbox.apply_once(session_factory, handler, envelope)
    except PoisonMessage as poison:
        return Verdict(Action.DEAD_LETTER, str(poison))
    except TRANSIENT_ERRORS as error:
        return Verdict(Action.REQUEUE, repr(error))
    except Exception as error:
        # A bug, or a row the database refuses: retrying would loop on it for ever. Keep the
        # message for a human, and carry on with the next one.
        log.exception("unexpected error applying a message")
        return Verdict(Action.DEAD_LETTER, f"unexpected error: {error!r}")
    return Verdict(Action.ACK)
