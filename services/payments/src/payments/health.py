"""Liveness (the process answers) and readiness (its database and its broker answer)."""

from fastapi import APIRouter, Request
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from payments.errors import ServiceUnavailable

router = APIRouter(prefix="/health", tags=["health"])


@router.get("/live")
def live() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/ready")
def ready(request: Request) -> dict[str, str]:
    """The service can reach its database and its broker."""
    try:
        with request.app.state.session_factory() as session:
            session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        raise ServiceUnavailable("the database does not answer") from error
    if not request.app.state.broker_connected():
        raise ServiceUnavailable("the broker is not connected")
    return {"status": "ok"}
