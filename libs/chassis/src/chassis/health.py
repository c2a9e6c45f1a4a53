"""Liveness (the process answers) and readiness (its database and its workers answer)."""

from typing import Protocol, runtime_checkable

from fastapi import APIRouter
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from chassis.deps import ResourcesDep
from chassis.errors import ServiceUnavailable


@runtime_checkable
class ReadinessProbe(Protocol):
    """A worker the service needs before it can do its work, e.g. a consumer on the broker."""

    @property
    def is_connected(self) -> bool: ...


router = APIRouter(prefix="/health", tags=["health"])


@router.get("/live")
def live() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/ready")
def ready(resources: ResourcesDep) -> dict[str, str]:
    """The service can reach its database, and everything else it waits for is connected."""
    try:
        with resources.session_factory() as session:
            session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        raise ServiceUnavailable("the database does not answer") from error
    if not all(probe.is_connected for probe in resources.probes):
        raise ServiceUnavailable("the broker is not connected")  # the probes are its consumers
    return {"status": "ok"}
