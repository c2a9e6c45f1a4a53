"""The notifications application, made from the dependencies it is handed."""

from collections.abc import Sequence

from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker

from chassis.app import Worker, create_service_app
from notifications import routes
from notifications.settings import Settings


def create_app(
    *,
    settings: Settings,
    session_factory: sessionmaker[Session],
    workers: Sequence[Worker] = (),
) -> FastAPI:
    """A notifications app on the given database; tests of the HTTP API pass no workers.

    Its routes only read the database: the users client is the consumer's handlers' business,
    so the app is handed none.
    """
    return create_service_app(
        title="notifications",
        session_factory=session_factory,
        api_tokens=settings.api_tokens,
        max_body_bytes=settings.max_body_bytes,
        routers=[routes.router],
        workers=workers,
    )
