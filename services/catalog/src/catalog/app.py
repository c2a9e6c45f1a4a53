"""The catalog application, made from the dependencies it is handed."""

from collections.abc import Sequence

from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker

from catalog import routes
from catalog.settings import Settings
from chassis.app import Worker, create_service_app


def create_app(
    *,
    settings: Settings,
    session_factory: sessionmaker[Session],
    workers: Sequence[Worker] = (),
) -> FastAPI:
    """A catalog app on the given database; tests of the HTTP API pass no workers."""
    return create_service_app(
        title="catalog",
        session_factory=session_factory,
        api_tokens=settings.api_tokens,
        max_body_bytes=settings.max_body_bytes,
        routers=[routes.products, routes.reserving],
        workers=workers,
    )
