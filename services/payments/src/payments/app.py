"""The payments application, made from the dependencies it is handed."""

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Protocol

from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from payments import health, routes
from payments.errors import PROBLEM_RESPONSES, install_error_handlers
from payments.settings import Settings


class Worker(Protocol):
    """A background thread the app runs while it serves: the consumer, the outbox relay."""

    def start(self) -> None: ...

    def stop(self) -> None: ...


def create_app(
    *,
    settings: Settings,
    session_factory: sessionmaker[Session],
    broker_connected: Callable[[], bool],
    workers: Sequence[Worker] = (),
) -> FastAPI:
    """A payments app on the given database; tests of the API pass no workers."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        for worker in workers:
            worker.start()
        try:
            yield
        finally:
            for worker in reversed(workers):
                await run_in_threadpool(worker.stop)  # stop() joins a thread: not on the loop

    app = FastAPI(title="payments", version="0.1.0", responses=PROBLEM_RESPONSES, lifespan=lifespan)
    app.state.settings = settings
    app.state.session_factory = session_factory
    app.state.broker_connected = broker_connected
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(routes.router)
    return app
