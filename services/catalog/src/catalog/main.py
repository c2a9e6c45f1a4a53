"""The production wiring: `uvicorn --factory catalog.main:build_app`."""

from datetime import timedelta
from functools import partial

from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker

from catalog import holds
from catalog.app import create_app
from catalog.handlers import make_handlers
from catalog.models import inbox
from catalog.settings import Settings
from chassis.db import create_session_factory
from chassis.messaging.consumer import Consumer
from chassis.periodic import Periodic


def create_consumer(settings: Settings, session_factory: sessionmaker[Session]) -> Consumer:
    """The consumer of the events the catalog handles, on the broker and names of `settings`."""
    return Consumer(
        settings.broker_url,
        session_factory,
        make_handlers(),
        inbox=inbox,
        exchange=settings.events_exchange,
        queue_prefix=settings.queue_prefix,
    )


def create_expiry(settings: Settings, session_factory: sessionmaker[Session]) -> Periodic:
    """The worker that gives back the stock of holds no order.placed confirmed in time."""
    hold = timedelta(seconds=settings.hold_seconds)
    return Periodic(
        partial(holds.expire_all, session_factory, hold=hold),
        interval_seconds=settings.expiry_poll_seconds,
        name="catalog-hold-expiry",
    )


def build_app() -> FastAPI:
    """Read the settings from the environment; connect the database and the broker."""
    settings = Settings()
    session_factory = create_session_factory(
        settings.database_url, timeout_seconds=settings.database_timeout_seconds
    )
    consumer = create_consumer(settings, session_factory)
    expiry = create_expiry(settings, session_factory)
    # Ready only while the consumer is on the broker: order.placed and order.cancelled must
    # not pile up unseen (a hold whose order.placed waits too long expires).
    return create_app(
        settings=settings, session_factory=session_factory, workers=[consumer, expiry]
    )
