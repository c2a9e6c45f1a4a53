"""The payments application, made from the dependencies it is handed."""

from collections.abc import Sequence

from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker

from chassis.app import Worker, create_service_app
from payments import routes
from payments.settings import Settings


def create_app(
    *,
    settings: Settings,
    session_factory: sessionmaker[Session],
    workers: Sequence[Worker] = (),
) -> FastAPI:
    """A payments app on the given database; tests of the HTTP API pass no workers.

    Payments calls no other service, so its routes need nothing beyond the database.
    """
    return create_service_app(
        title="payments",
        session_factory=session_factory,
        api_tokens=settings.api_tokens,
        max_body_bytes=settings.max_body_bytes,
        routers=[routes.router],
        workers=workers,
    )
