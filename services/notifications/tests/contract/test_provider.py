"""Provider verification of the notifications API: every consumer's pact against the real app.

The app runs as in production (create_app, uvicorn, a real Postgres database migrated by
Alembic); provider states record notifications the way the service does, through its own
handlers of order.confirmed and order.cancelled (a users client that knows the user stands in
for the users service), and remove them after each interaction.
"""

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from notifications.events import ORDER_CANCELLED, ORDER_CONFIRMED, OrderCancelled, OrderConfirmed
from notifications.handlers import make_handlers
from notifications.models import Notification
from notifications.users_client import Recipient
from pact import Verifier
from sqlalchemy import delete
from sqlalchemy.orm import Session, sessionmaker

from chassis.messaging.envelope import Envelope, new_envelope
from testkit.pact.callbacks import provider_callbacks
from testkit.pact.contracts import verifier_for_app

PROVIDER = "notifications"


class AnyUser:
    """UsersClient that knows every user, all of them Ada."""

    def get_user(self, user_id: uuid.UUID) -> Recipient:
        return Recipient(user_id=user_id, email="ada@example.com", name="Ada Lovelace")


class NotificationStates:
    """The provider states the consumers name, set up for real and torn down after each.

    Args:
        sessions: Sessions on the database the app under verification serves from.
    """

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self._handlers = make_handlers(users=AnyUser())

    def handlers(self) -> dict[str, Any]:
        return {
            "a user was told their order is confirmed": self.confirmed,
            "a user was told their order is cancelled": self.cancelled,
        }

    def confirmed(self, action: str, parameters: dict[str, Any]) -> None:
        order_id, user_id = (uuid.UUID(parameters[key]) for key in ("order_id", "user_id"))
        event = OrderConfirmed(order_id=order_id, user_id=user_id, total_cents=4250)
        self._told(action, user_id, new_envelope(ORDER_CONFIRMED, event))

    def cancelled(self, action: str, parameters: dict[str, Any]) -> None:
        order_id, user_id = (uuid.UUID(parameters[key]) for key in ("order_id", "user_id"))
        event = OrderCancelled(order_id=order_id, user_id=user_id, reason="payment declined")
        self._told(action, user_id, new_envelope(ORDER_CANCELLED, event))

    def _told(self, action: str, user_id: uuid.UUID, event: Envelope) -> None:
        """Setup: the event's handler records the notification. Teardown: the user's go."""
        with self._sessions() as session, session.begin():
            if action == "setup":
                self._handlers[event.type](session, event)
            else:
                session.execute(delete(Notification).where(Notification.user_id == user_id))


def test_the_notifications_api_honours_every_consumers_pact(
    provider_url: str,
    verifier_token: str,
    committing_session_factory: sessionmaker[Session],
    pact_dir: Path,
    verify: Callable[[Verifier, str], None],
) -> None:
    """Replay each consumer's requests against the running notifications API, through its auth."""
    verifier = verifier_for_app(PROVIDER, pact_dir, url=provider_url, token=verifier_token)
    states = NotificationStates(committing_session_factory).handlers()
    with provider_callbacks(verifier, states=states):
        verify(verifier, PROVIDER)
