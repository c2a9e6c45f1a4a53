"""Typed FastAPI dependencies: what a route needs, declared in its signature.

`create_service_app` keeps the service's resources in one place; routes never read
`request.app.state` themselves. A service names its own dependencies once, e.g.
`UsersDep = Annotated[UsersClient, Depends(provided(UsersClient))]`.
"""

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, cast

from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from chassis.health import ReadinessProbe

T = TypeVar("T")


@dataclass(frozen=True)
class Resources:
    """What the app was made with: its database, own dependencies and readiness probes.

    The tokens are not here: the gate checks them before a route runs (chassis.gate).
    """

    session_factory: sessionmaker[Session]
    provided: Mapping[type, Any] = field(default_factory=dict)
    probes: Sequence["ReadinessProbe"] = ()


# The dependencies that only look up what the app holds are `async def`: FastAPI runs a plain
# `def` dependency in its thread pool, a hand-over to a worker thread and back for each (under
# load, waking the event loop from worker threads was 13 % of users' busy samples, py-spy). The
# session stays a `def`: closing it may wait on the database, which the event loop must not.
async def get_resources(request: Request) -> Resources:
    return cast(Resources, request.app.state.resources)


ResourcesDep = Annotated[Resources, Depends(get_resources)]


def get_session(resources: ResourcesDep) -> Iterator[Session]:
    """A session for the request, closed after the response (a route commits its own work)."""
    with resources.session_factory() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def provided(kind: type[T]) -> Callable[[Resources], T]:
    """A dependency on what the app was given for `kind` (`create_service_app(provides=...)`)."""

    async def get(resources: ResourcesDep) -> T:
        return cast(T, resources.provided[kind])

    get.__name__ = f"get_{kind.__name__}"
    return get
