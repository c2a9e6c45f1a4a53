"""The production wiring: `uvicorn --factory payments.main:build_app`."""

from fastapi import FastAPI

from payments.app import create_app
from payments.consumer import Consumer
from payments.db import create_session_factory
from payments.handlers import make_handlers
from payments.outbox import OutboxRelay
from payments.publisher import RabbitPublisher
from payments.settings import Settings


def build_app() -> FastAPI:
    """Read the settings from the environment; connect the database and the broker."""
    settings = Settings()
    session_factory = create_session_factory(settings.database_url)
    publisher = RabbitPublisher(broker_url=settings.broker_url, exchange=settings.events_exchange)
    relay = OutboxRelay(session_factory, publisher, poll_seconds=settings.outbox_poll_seconds)
    consumer = Consumer(
        settings.broker_url,
        session_factory,
        make_handlers(limit_cents=settings.limit_cents),
        exchange=settings.events_exchange,
        queue_prefix=settings.queue_prefix,
    )
    return create_app(
        settings=settings,
        session_factory=session_factory,
        broker_connected=lambda: consumer.is_connected,
        # The consumer first: its queues exist before anything is published.
        workers=[consumer, relay],
    )
