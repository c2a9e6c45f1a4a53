"""Provider verification of the users service: every consumer's pact against the real app.

The app runs as in production (create_app, uvicorn, a real Postgres database migrated by
Alembic); provider states seed users through the service's own `create_user` and remove them
after each interaction, or take the verifier's token away for the consumers' 401 and 403. One
verify() call covers all of this provider's pacts. Then the tokens docker-compose.yml gives the
callers are held to the scopes of the routes their pacts call.
"""

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pact import Verifier
from sqlalchemy import delete
from sqlalchemy.orm import Session, sessionmaker
from users import service
from users.models import User
from users.schemas import UserCreate
from users.settings import Settings

from chassis.errors import NotFound
from testkit.checks.compose_tokens import CallerTokenChecks
from testkit.data import random_email
from testkit.pact.auth import TokenStates
from testkit.pact.callbacks import StateHandler, provider_callbacks
from testkit.pact.contracts import verifier_for_app

PROVIDER = "users"


def user_states(session_factory: sessionmaker[Session]) -> dict[str, StateHandler]:
    """The provider states the consumers name, each set up (and torn down) for real.

    Args:
        session_factory: Sessions on the database the app under verification serves from.

    Returns:
        State name -> handler. "a user exists" answers the new user's id, which the
        verifier puts in the request path where the pact says `${id}`.
    """
    seeded: list[uuid.UUID] = []

    def a_user_exists(action: str, parameters: dict[str, Any]) -> dict[str, str]:
        with session_factory() as session:
            if action == "setup":
                data = UserCreate(email=random_email(), name=parameters.get("name", "Ada"))
                user = service.create_user(session, data=data)
                seeded.append(user.id)
                return {"id": str(user.id)}
            session.execute(delete(User).where(User.id.in_(seeded)))
            session.commit()
            seeded.clear()
            return {}

    def no_user_has_the_id(action: str, parameters: dict[str, Any]) -> dict[str, str]:
        if action == "setup":
            with session_factory() as session:
                try:
                    service.get_user(session, user_id=uuid.UUID(parameters["id"]))
                except NotFound:
                    return {}
            raise AssertionError(f"user {parameters['id']} exists, yet the state says it doesn't")
        return {}

    return {"a user exists": a_user_exists, "no user has the id": no_user_has_the_id}


def test_the_users_service_honours_every_consumers_pact(
    provider_url: str,
    verifier_token: str,
    provider_settings: Settings,
    committing_session_factory: sessionmaker[Session],
    pact_dir: Path,
    verify: Callable[[Verifier, str], None],
) -> None:
    """Replay each consumer's requests against the running users service, through its auth.

    (`verifier_for_app` sends a token it accepts: the pacts fix only the token's shape.)
    """
    tokens = TokenStates(provider_settings.api_tokens, verifier_token)
    states = {**user_states(committing_session_factory), **tokens.handlers()}
    verifier = verifier_for_app(PROVIDER, pact_dir, url=provider_url, token=verifier_token)
    with provider_callbacks(verifier, states=states):
        verify(verifier, PROVIDER)


# Its tests are the kit's (testkit/checks/compose_tokens.py, infra/testkit/README.md): this class
# names what they check in this service; `pytest --collect-only` lists them.
class TestCallerTokens(CallerTokenChecks):
    provider = PROVIDER
    settings_class = Settings
