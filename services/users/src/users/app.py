"""The users application, made from the dependencies it is handed."""

from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker

from users import health, routes
from users.errors import PROBLEM_RESPONSES, install_error_handlers
from users.settings import Settings


def create_app(*, settings: Settings, session_factory: sessionmaker[Session]) -> FastAPI:
    """A users app on the given database; tests pass a session factory of their own."""
    app = FastAPI(title="users", version="0.1.0", responses=PROBLEM_RESPONSES)
    app.state.settings = settings
    app.state.session_factory = session_factory
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(routes.router)
    return app
