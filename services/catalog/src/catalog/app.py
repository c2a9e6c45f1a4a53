"""The catalog application, made from the dependencies it is handed."""

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Protocol

from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker

from catalog import health, routes
from catalog.errors import PROBLEM_RESPONSES, install_error_handlers
from catalog.settings import Settings


class Worker(Protocol):
    """A background worker that lives as long as the app: the consumer."""

    @property
    def is_connected(self) -> bool: ...

    def start(self) -> None: ...

    def stop(self) -> None: ...


def create_app(
    *,
    settings: Settings,
    session_factory: sessionmaker[Session],
    workers: Sequence[Worker] = (),
) -> FastAPI:
    """A catalog app on the given database; tests of the HTTP API pass no workers."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        for worker in workers:
            worker.start()
        try:
            yield
        finally:
            for worker in reversed(workers):
                # stop() joins a thread: not on the event loop.
                await asyncio.to_thread(worker.stop)

    app = FastAPI(title="catalog", version="0.1.0", responses=PROBLEM_RESPONSES, lifespan=lifespan)
    app.state.settings = settings
    app.state.session_factory = session_factory
    app.state.workers = tuple(workers)
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(routes.products)
    app.include_router(routes.reserving)
    return app
