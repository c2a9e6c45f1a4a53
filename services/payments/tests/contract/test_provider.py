"""Provider verification of payments: its events' message pacts, and its API's HTTP pacts.

No message is written by hand. Each one is produced the way production produces it: the real
handler charges an order.placed (the chassis' envelope, payments' payload model) against a real,
migrated Postgres database and stores the outcome in the outbox; the real OutboxRelay hands it
to the real RabbitPublisher, and the message is what that publisher hands the broker (the kit's
`OutboxMessages`): its body, content type, exchange and routing key, none of them written by the
test (tests/integration/test_pact_wiring.py holds the pacts' routing to the consumers' real
topology on the real broker).

The API (`payments`, which the e2e suite reads) is the real app on the same database; its
provider states charge orders with the same handler and remove what it stored afterwards.
"""

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pact import Verifier
from pact.types import Message
from payments.events import ORDER_PLACED, PAYMENT_FAILED, PAYMENT_SUCCEEDED, OrderPlaced, PlacedLine
from payments.handlers import make_handlers
from payments.models import Payment, outbox
from payments.settings import Settings
from sqlalchemy import delete
from sqlalchemy.orm import Session, sessionmaker

from chassis.messaging.envelope import new_envelope
from testkit.pact.callbacks import provider_callbacks
from testkit.pact.contracts import verifier_for, verifier_for_app
from testkit.pact.messages import OutboxMessages

PROVIDER = "payments-events"
HTTP_PROVIDER = "payments"
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
        self.charge(total_cents=self._limit_cents // 2)
        return self._outbox.newest(PAYMENT_SUCCEEDED)

    def payment_failed(self) -> Message:
        self.charge(total_cents=self._limit_cents + 1)
        return self._outbox.newest(PAYMENT_FAILED)

    def charge(self, *, total_cents: int, order_id: uuid.UUID | None = None) -> None:
        """Charge an order of `total_cents` as the order.placed handler does (commits)."""
        placed = OrderPlaced(
            order_id=order_id or uuid.uuid4(),
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
    messages = {
        "a payment.succeeded event": events.payment_succeeded,
        "a payment.failed event": events.payment_failed,
    }
    with provider_callbacks(verifier, messages=messages):
        verify(verifier, PROVIDER)


class PaymentStates:
    """The provider states of the API's consumers: an order charged, and undone after each.

    Args:
        sessions: Sessions on the database the app under verification serves from.
        events: What charges an order, as the order.placed handler does.
        limit_cents: The payment rule's limit: an order above it is declined.
    """

    def __init__(
        self, sessions: sessionmaker[Session], events: PaymentsEvents, limit_cents: int
    ) -> None:
        self._sessions = sessions
        self._events = events
        self._limit_cents = limit_cents

    def handlers(self) -> dict[str, Any]:
        return {
            "an order was paid": self.an_order_was_paid,
            "an order was declined": self.an_order_was_declined,
        }

    def an_order_was_paid(self, action: str, parameters: dict[str, Any]) -> None:
        self._charged(action, uuid.UUID(parameters["order_id"]), self._limit_cents // 2)

    def an_order_was_declined(self, action: str, parameters: dict[str, Any]) -> None:
        self._charged(action, uuid.UUID(parameters["order_id"]), self._limit_cents + 1)

    def _charged(self, action: str, order_id: uuid.UUID, total_cents: int) -> None:
        if action == "setup":
            self._events.charge(total_cents=total_cents, order_id=order_id)
            return
        # The payment and the outcome event it put in the outbox, so that nothing is left over.
        event_order_id = outbox.table.c.payload[("data", "order_id")].astext
        with self._sessions() as session, session.begin():
            session.execute(delete(Payment).where(Payment.order_id == order_id))
            session.execute(delete(outbox.table).where(event_order_id == str(order_id)))


def test_the_payments_api_honours_every_consumers_pact(
    provider_url: str,
    verifier_token: str,
    provider_settings: Settings,
    committing_session_factory: sessionmaker[Session],
    pact_dir: Path,
    verify: Callable[[Verifier, str], None],
) -> None:
    """Replay each consumer's requests against the running payments API, through its auth."""
    limit_cents = provider_settings.limit_cents
    events = PaymentsEvents(committing_session_factory, limit_cents)
    states = PaymentStates(committing_session_factory, events, limit_cents)
    verifier = verifier_for_app(HTTP_PROVIDER, pact_dir, url=provider_url, token=verifier_token)
    with provider_callbacks(verifier, states=states.handlers()):
        verify(verifier, HTTP_PROVIDER)
