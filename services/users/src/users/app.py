"""The users application, made from the dependencies it is handed."""

from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker

from chassis.app import create_service_app
from users import routes
from users.settings import Settings


def create_app(
    *,
    settings: Settings,
    session_factory: sessionmaker[Session],
) -> FastAPI:
    """A users app on the given database; tests pass a session factory of their own."""
    return create_service_app(
        title="users",
        session_factory=session_factory,
        api_tokens=settings.api_tokens,
        max_body_bytes=settings.max_body_bytes,
        routers=[routes.router],
    )
