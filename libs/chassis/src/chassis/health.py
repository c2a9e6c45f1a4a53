"""Liveness (the process answers) and readiness (its database and its workers answer)."""

from collections.abc import Sequence
from typing import Annotated, Protocol

from fastapi import APIRouter, Depends, Request
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from chassis.deps import ResourcesDep
from chassis.errors import ServiceUnavailable


class ReadinessProbe(Protocol):
    """Something the service needs before it can do its work, e.g. a consumer on the broker."""

    @property
    def is_connected(self) -> bool: ...


def get_probes(request: Request) -> Sequence[ReadinessProbe]:
    return request.app.state.probes


ProbesDep = Annotated[Sequence[ReadinessProbe], Depends(get_probes)]
router = APIRouter(prefix="/health", tags=["health"])


@router.get("/live")
def live() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/ready")
def ready(resources: ResourcesDep, probes: ProbesDep) -> dict[str, str]:
    """The service can reach its database, and its consumers are connected to the broker."""
    try:
        with resources.session_factory() as session:
            session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        raise ServiceUnavailable("the database does not answer") from error
    if not all(probe.is_connected for probe in probes):
        raise ServiceUnavailable("the broker is not connected")
    return {"status": "ok"}
