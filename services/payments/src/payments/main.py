"""The production wiring: `uvicorn --factory payments.main:build_app`."""

from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker

from chassis.db import create_session_factory
from chassis.messaging.consumer import Consumer
from chassis.messaging.outbox import OutboxRelay
from chassis.messaging.publisher import RabbitPublisher
from payments.app import create_app
from payments.handlers import make_handlers
from payments.models import inbox, outbox
from payments.settings import Settings


def create_consumer(settings: Settings, session_factory: sessionmaker[Session]) -> Consumer:
    """The consumer of the events payments handles, on the broker and names of `settings`."""
    return Consumer(
        settings.broker_url,
        session_factory,
        make_handlers(limit_cents=settings.limit_cents),
        inbox=inbox,
        exchange=settings.events_exchange,
        queue_prefix=settings.queue_prefix,
    )


def build_app() -> FastAPI:
    """Read the settings from the environment; connect the database and the broker."""
    settings = Settings()
    session_factory = create_session_factory(
        settings.database_url, timeout_seconds=settings.database_timeout_seconds
    )
    publisher = RabbitPublisher(
        broker_url=settings.broker_url,
        exchange=settings.events_exchange,
        blocked_timeout_seconds=settings.publish_blocked_timeout_seconds,
    )
    relay = OutboxRelay(
        session_factory, outbox, publisher, poll_seconds=settings.outbox_poll_seconds
    )
    consumer = create_consumer(settings, session_factory)
    return create_app(
        settings=settings,
        session_factory=session_factory,
        # The consumer first: its queues exist before anything is published. It is also what
        # readiness waits for: order.placed must not pile up unseen.
        workers=[consumer, relay],
    )
