"""The FastAPI app every service starts from: errors, health, auth, limits, workers, deps."""

import asyncio
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any, Protocol

from fastapi import APIRouter, FastAPI
from sqlalchemy.orm import Session, sessionmaker

from chassis import health
from chassis.access_log import redact_query_values
from chassis.deps import Resources
from chassis.errors import install_error_handlers
from chassis.gate import RequestGate
from chassis.health import ReadinessProbe
from chassis.openapi import PROBLEM_RESPONSES, install_problem_openapi
from chassis.routes import RouteTable
from chassis.settings import MAX_BODY_BYTES


class Worker(Protocol):
    """A background thread the app runs while it serves: a consumer, an outbox relay."""

    def start(self) -> None: ...

    def stop(self) -> None: ...


def create_service_app(
    *,
    title: str,
    session_factory: sessionmaker[Session],
    api_tokens: Mapping[str, frozenset[str]],
    routers: Sequence[APIRouter],
    provides: Mapping[type, Any] | None = None,
    workers: Sequence[Worker] = (),
    max_body_bytes: int = MAX_BODY_BYTES,
) -> FastAPI:
    """A service's app: its routers, problem+json errors, /health, and its workers' lifetimes.

    Every request passes the gate first (`chassis.gate`): the token its route's `require_scope`
    asks for, then the size of its body, both before any route reads the body.

    Args:
        title: The service's name, the title of its OpenAPI document.
        session_factory: Sessions on the service's own database.
        api_tokens: Bearer token -> the scopes it grants.
        routers: The service's routes.
        provides: What the routes depend on beyond the database, by type (see `deps.provided`).
        workers: Started in order when the app starts, stopped in reverse when it stops; tests
            of the API pass none. A worker that reports `is_connected` (a consumer) is also a
            readiness probe: the service is not ready while it is disconnected, and no service
            can forget to say so.
        max_body_bytes: A larger request body is refused with a 413 (the service's setting).
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        started: list[Worker] = []
        try:
            for worker in workers:
                worker.start()
                started.append(worker)  # a later one failing to start stops this one again
            yield
        finally:
            for worker in reversed(started):
                await asyncio.to_thread(worker.stop)  # stop() joins a thread: not on the loop

    # No trailing-slash redirects: Starlette builds their Location from the request's Host
    # header, so a forged Host sent a client elsewhere (before auth). `/users/` is a 404 problem.
    app = FastAPI(
        title=title,
        version="0.1.0",
        responses=PROBLEM_RESPONSES,
        lifespan=lifespan,
        redirect_slashes=False,
    )
    # uvicorn has configured its loggers by the time it calls a service's factory (build_app).
    redact_query_values()
    app.state.resources = Resources(
        session_factory=session_factory,
        provided=dict(provides or {}),
        probes=[worker for worker in workers if isinstance(worker, ReadinessProbe)],
    )
    # The app's own routes (/openapi.json, /docs), then each router's, in the order the app
    # matches them: what the gate checks before a route runs, and every method a 405's Allow
    # names. From the routers themselves: FastAPI keeps an included router whole, not its routes.
    all_routers = [health.router, *routers]
    table = RouteTable.of([*app.routes, *(route for r in all_routers for route in r.routes)])
    for router in all_routers:
        app.include_router(router)
    install_error_handlers(app, table.methods_allowed)
    install_problem_openapi(app)
    app.add_middleware(
        RequestGate, routes=table, api_tokens=api_tokens, max_body_bytes=max_body_bytes
    )
    return app
