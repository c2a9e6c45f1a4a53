"""Provider verification of orders: its events' message pacts, and its API's HTTP pacts.

No message is written by hand. Each one is produced the way production produces it: the use
case (placing an order, a payment's outcome) runs against a real, migrated Postgres database
and stores its event in the outbox; the real OutboxRelay hands it to the real RabbitPublisher,
and the message is what that publisher hands the broker (the kit's `OutboxMessages`): its body,
content type, exchange and routing key, none of them written by the test.
(tests/integration/test_pact_wiring.py holds the pacts' routing to the consumers' real topology.)

The API (`orders`, which the e2e suite reads) is the real app on the same database; its provider
states place orders with the service's own `new_order` and remove them after each interaction.
"""

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from orders import service
from orders.domain import PricedLine
from orders.events import (
    ORDER_CANCELLED,
    ORDER_CONFIRMED,
    ORDER_PLACED,
    PAYMENT_FAILED,
    PAYMENT_SUCCEEDED,
    PaymentFailed,
    PaymentSucceeded,
)
from orders.handlers import cancel_order, confirm_order
from orders.models import Order, outbox
from orders.schemas import OrderCreate, OrderLineCreate
from orders.settings import Settings
from orders.users_client import UserRef
from pact import Verifier
from pact.types import Message
from sqlalchemy import delete
from sqlalchemy.orm import Session, sessionmaker

from chassis.messaging.envelope import Envelope, new_envelope
from testkit.data import random_sku
from testkit.pact.callbacks import provider_callbacks
from testkit.pact.contracts import verifier_for, verifier_for_app
from testkit.pact.messages import OutboxMessages

PROVIDER = "orders-events"
HTTP_PROVIDER = "orders"
# Where orders publishes unless configured otherwise: what the consumers' pacts expect.
EXCHANGE = Settings.model_fields["events_exchange"].default


class OrdersEvents:
    """Produces each event orders publishes, through the service's own code and outbox.

    Args:
        sessions: Sessions that commit, on the migrated database.
        users: A UsersClient that knows the user placing orders.
        catalog: A CatalogClient that sells the SKUs ordered.
    """

    def __init__(self, sessions: sessionmaker[Session], users, catalog) -> None:
        self._sessions = sessions
        self._users = users
        self._catalog = catalog
        self._outbox = OutboxMessages(sessions, outbox, exchange=EXCHANGE)

    def order_placed(self) -> Message:
        self._place_order()
        return self._outbox.newest(ORDER_PLACED)

    def order_confirmed(self) -> Message:
        order = self._place_order()
        paid = PaymentSucceeded(
            payment_id=uuid.uuid4(), order_id=order.id, amount_cents=order.total_cents
        )
        self._apply(confirm_order, new_envelope(PAYMENT_SUCCEEDED, paid))
        return self._outbox.newest(ORDER_CONFIRMED)

    def order_cancelled(self) -> Message:
        order = self._place_order()
        declined = PaymentFailed(
            payment_id=uuid.uuid4(),
            order_id=order.id,
            amount_cents=order.total_cents,
            reason="amount exceeds the limit of 100000 cents",
        )
        self._apply(cancel_order, new_envelope(PAYMENT_FAILED, declined))
        return self._outbox.newest(ORDER_CANCELLED)

    def _place_order(self) -> Order:
        skus = [self._catalog.add(random_sku(), 1250), self._catalog.add(random_sku(), 500)]
        data = OrderCreate(
            user_id=self._users.add(),
            lines=[OrderLineCreate(sku=sku, quantity=2) for sku in skus],
        )
        with self._sessions() as session:
            return service.place_order(session, data=data, users=self._users, catalog=self._catalog)

    def _apply(self, handler: Callable[[Session, Envelope], None], event: Envelope) -> None:
        with self._sessions() as session, session.begin():
            handler(session, event)


def test_orders_events_honour_every_consumers_pact(
    committing_session_factory: sessionmaker[Session],
    users,
    catalog,
    pact_dir: Path,
    verify: Callable[[Verifier, str], None],
) -> None:
    """Verify every `<consumer>-orders-events.json` pact in one verify() call."""
    verifier = verifier_for(PROVIDER, pact_dir)
    events = OrdersEvents(committing_session_factory, users, catalog)
    messages = {
        "an order.placed event": events.order_placed,
        "an order.confirmed event": events.order_confirmed,
        "an order.cancelled event": events.order_cancelled,
    }
    with provider_callbacks(verifier, messages=messages):
        verify(verifier, PROVIDER)


class OrdersStates:
    """The provider states of the API's consumers, set up for real and torn down after each.

    Args:
        sessions: Sessions on the database the app under verification serves from.
    """

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self._users: set[uuid.UUID] = set()

    def handlers(self) -> dict[str, Any]:
        return {
            "a user has placed an order": self.a_user_has_placed_an_order,
            "a user has placed no order": self.a_user_has_placed_no_order,
        }

    def a_user_has_placed_an_order(self, action: str, parameters: dict[str, Any]) -> None:
        user_id = uuid.UUID(parameters["user_id"])
        if action == "teardown":
            with self._sessions() as session, session.begin():
                session.execute(delete(Order).where(Order.user_id.in_(self._users)))
            self._users.clear()
            return
        self._users.add(user_id)
        user = UserRef(id=user_id, email="ada@example.com", name="Ada Lovelace")
        order = service.new_order(uuid.uuid4(), user, [PricedLine(random_sku(), 2, 1250)])
        with self._sessions() as session, session.begin():
            session.add(order)

    def a_user_has_placed_no_order(self, action: str, parameters: dict[str, Any]) -> None:
        if action == "setup":
            user_id = uuid.UUID(parameters["user_id"])
            with self._sessions() as session:
                _, total = service.list_orders(session, user_id=user_id, limit=1, offset=0)
            assert total == 0, f"user {user_id} has orders, yet the state says they have none"


def test_the_orders_api_honours_every_consumers_pact(
    provider_url: str,
    verifier_token: str,
    committing_session_factory: sessionmaker[Session],
    pact_dir: Path,
    verify: Callable[[Verifier, str], None],
) -> None:
    """Replay each consumer's requests against the running orders API, through its auth."""
    verifier = verifier_for_app(HTTP_PROVIDER, pact_dir, url=provider_url, token=verifier_token)
    states = OrdersStates(committing_session_factory).handlers()
    with provider_callbacks(verifier, states=states):
        verify(verifier, HTTP_PROVIDER)
