"""The orders application, made from the dependencies it is handed."""

from collections.abc import Sequence

from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker

from chassis.app import Worker, create_service_app
from orders import routes
from orders.catalog_client import CatalogClient
from orders.settings import Settings
from orders.users_client import UsersClient


def create_app(
    *,
    settings: Settings,
    session_factory: sessionmaker[Session],
    users: UsersClient,
    catalog: CatalogClient,
    workers: Sequence[Worker] = (),
) -> FastAPI:
    """An orders app on the given database and clients; tests of the API pass no workers."""
    return create_service_app(
        title="orders",
        session_factory=session_factory,
        api_tokens=settings.api_tokens,
        max_body_bytes=settings.max_body_bytes,
        routers=[routes.router],
        provides={UsersClient: users, CatalogClient: catalog},
        workers=workers,
    )
