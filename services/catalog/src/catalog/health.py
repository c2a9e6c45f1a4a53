"""Liveness (the process answers) and readiness (its database answers, its consumer is up)."""

from fastapi import APIRouter, Request
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from catalog.errors import ServiceUnavailable

router = APIRouter(prefix="/health", tags=["health"])


@router.get("/live")
def live() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/ready")
def ready(request: Request) -> dict[str, str]:
    """The service can reach its database, and its consumer is connected to the broker."""
    try:
        with request.app.state.session_factory() as session:
            session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        raise ServiceUnavailable("the database does not answer") from error
    if not all(worker.is_connected for worker in request.app.state.workers):
        raise ServiceUnavailable("the consumer is not connected to the broker")
    return {"status": "ok"}
