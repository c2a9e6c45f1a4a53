"""Provider verification of the catalog: every consumer's HTTP pact against the real app.

The app runs as in production (create_app, uvicorn, a real Postgres database migrated by
Alembic); provider states seed products and reservations through the service's own use cases
(`create_product`, `reserve`, `confirm_hold`) and remove them after each interaction, or take
the verifier's token (or a scope of it) away for the consumers' 401 and 403. One verify() call
covers all of this provider's pacts. Then the tokens docker-compose.yml gives the callers are
held to the scopes of the routes their pacts call.
"""

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from catalog import holds, reservations, service
from catalog.models import Product, Reservation, ReservationLine
from catalog.schemas import ProductCreate, ReservationCreate, ReservationLineCreate
from catalog.settings import Settings
from pact import Verifier
from sqlalchemy import delete
from sqlalchemy.orm import Session, sessionmaker

from chassis.errors import NotFound
from testkit.checks.compose_tokens import CallerTokenChecks
from testkit.pact.auth import TokenStates
from testkit.pact.callbacks import provider_callbacks
from testkit.pact.contracts import verifier_for_app

PROVIDER = "catalog"


class CatalogStates:
    """The provider states the consumers name, set up for real and torn down after each.

    Args:
        sessions: Sessions on the database the app under verification serves from.
    """

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self._skus: set[str] = set()
        self._orders: set[uuid.UUID] = set()

    def handlers(self) -> dict[str, Any]:
        return {
            "a product exists": self.a_product_exists,
            "no product has the sku": self.no_product_has_the_sku,
            "an order has reserved stock": self.an_order_has_reserved_stock,
            "an order has been placed": self.an_order_has_been_placed,
        }

    def a_product_exists(self, action: str, parameters: dict[str, Any]) -> None:
        if action == "teardown":
            return self._remove_all()
        self._add_product(parameters["sku"], parameters["price_cents"], parameters["stock"])
        return None

    def no_product_has_the_sku(self, action: str, parameters: dict[str, Any]) -> None:
        if action == "setup":
            with self._sessions() as session:
                try:
                    service.get_product(session, sku=parameters["sku"])
                except NotFound:
                    return
            raise AssertionError(f"{parameters['sku']} exists, yet the state says it doesn't")

    def an_order_has_reserved_stock(self, action: str, parameters: dict[str, Any]) -> None:
        if action == "teardown":
            return self._remove_all()
        sku, quantity = parameters["sku"], parameters["quantity"]
        self._add_product(sku, price_cents=1250, stock=quantity)
        order_id = uuid.UUID(parameters["order_id"])
        self._orders.add(order_id)
        order = ReservationCreate(
            order_id=order_id, lines=[ReservationLineCreate(sku=sku, quantity=quantity)]
        )
        with self._sessions() as session:
            reservations.reserve(session, data=order)
        return None

    def an_order_has_been_placed(self, action: str, parameters: dict[str, Any]) -> None:
        """Its stock reserved, then its hold confirmed by order.placed (the handler's use case)."""
        self.an_order_has_reserved_stock(action, parameters)
        if action == "setup":
            with self._sessions() as session, session.begin():
                holds.confirm_hold(session, order_id=uuid.UUID(parameters["order_id"]))

    def _add_product(self, sku: str, price_cents: int, stock: int) -> None:
        self._skus.add(sku)
        data = ProductCreate(sku=sku, name="Pact mug", price_cents=price_cents, stock=stock)
        with self._sessions() as session:
            service.create_product(session, data=data)

    def _remove_all(self) -> None:
        """Remove what the states made, and what the interactions made of it (reservations)."""
        with self._sessions() as session, session.begin():
            session.execute(delete(ReservationLine).where(ReservationLine.sku.in_(self._skus)))
            session.execute(delete(Reservation).where(Reservation.order_id.in_(self._orders)))
            session.execute(delete(Product).where(Product.sku.in_(self._skus)))
        self._skus.clear()
        self._orders.clear()


def test_the_catalog_honours_every_consumers_pact(
    provider_url: str,
    verifier_token: str,
    provider_settings: Settings,
    committing_session_factory: sessionmaker[Session],
    pact_dir: Path,
    verify: Callable[[Verifier, str], None],
) -> None:
    """Replay each consumer's requests against the running catalog, through its auth.

    (`verifier_for_app` sends a token it accepts: the pacts fix only the token's shape.)
    """
    verifier = verifier_for_app(PROVIDER, pact_dir, url=provider_url, token=verifier_token)
    tokens = TokenStates(provider_settings.api_tokens, verifier_token)
    states = {**CatalogStates(committing_session_factory).handlers(), **tokens.handlers()}
    with provider_callbacks(verifier, states=states):
        verify(verifier, PROVIDER)


# Its tests are the kit's (testkit/checks/compose_tokens.py, infra/testkit/README.md): this class
# names what they check in this service; `pytest --collect-only` lists them.
class TestCallerTokens(CallerTokenChecks):
    provider = PROVIDER
    settings_class = Settings
