"""Provider verification of payments' events: each consumer's message pact against the producer.

No message is written by hand. Each one is produced the way production produces it: the real
handler charges an order.placed (the chassis' envelope, payments' payload model) against a real,
migrated Postgres database and stores the outcome in the outbox; the real OutboxRelay then
hands it on, and the message is what the chassis' RabbitPublisher sends (the kit's
`OutboxMessages`: `serialize(envelope)`, the configured exchange (its default), the event type
as routing key, application/json; tests/integration/test_pact_wiring.py checks those on the
real broker).
"""

import uuid
from collections.abc import Callable
from pathlib import Path

from pact import Verifier
from pact.types import Message
from payments.events import ORDER_PLACED, PAYMENT_FAILED, PAYMENT_SUCCEEDED, OrderPlaced, PlacedLine
from payments.handlers import make_handlers
from payments.models import outbox
from payments.settings import Settings
from sqlalchemy.orm import Session, sessionmaker

from chassis.messaging.envelope import new_envelope
from testkit.contracts import verifier_for
from testkit.pact_messages import OutboxMessages

PROVIDER = "payments-events"
# Where payments publishes unless configured otherwise: what the consumers' pacts expect.
EXCHANGE = Settings.model_fields["events_exchange"].default


class PaymentsEvents:
    """Produces each event payments publishes, through the service's own handler and outbox.

    Args:
        sessions: Sessions that commit, on the migrated database.
        limit_cents: The payment rule's limit: orders above it are declined.
    """

    def __init__(self, sessions: sessionmaker[Session], limit_cents: int) -> None:
        self._sessions = sessions
        self._limit_cents = limit_cents
        self._handlers = make_handlers(limit_cents=limit_cents)
        self._outbox = OutboxMessages(sessions, outbox, exchange=EXCHANGE)

    def payment_succeeded(self) -> Message:
        self._charge(total_cents=self._limit_cents // 2)
        return self._outbox.newest(PAYMENT_SUCCEEDED)

    def payment_failed(self) -> Message:
        self._charge(total_cents=self._limit_cents + 1)
        return self._outbox.newest(PAYMENT_FAILED)

    def _charge(self, *, total_cents: int) -> None:
        placed = OrderPlaced(
            order_id=uuid.uuid4(),
            user_id=uuid.uuid4(),
            total_cents=total_cents,
            lines=[PlacedLine(sku="SKU-1", quantity=1, unit_price_cents=total_cents)],
        )
        with self._sessions() as session, session.begin():
            self._handlers[ORDER_PLACED](session, new_envelope(ORDER_PLACED, placed))


def test_payments_events_honour_every_consumers_pact(
    committing_session_factory: sessionmaker[Session],
    settings: Settings,
    pact_dir: Path,
    verify: Callable[[Verifier, str], None],
) -> None:
    """Verify every `<consumer>-payments-events.json` pact in one verify() call."""
    verifier = verifier_for(PROVIDER, pact_dir)
    events = PaymentsEvents(committing_session_factory, settings.limit_cents)
    verifier.message_handler(
        {
            "a payment.succeeded event": events.payment_succeeded,
            "a payment.failed event": events.payment_failed,
        }
    )
    verify(verifier, PROVIDER)
