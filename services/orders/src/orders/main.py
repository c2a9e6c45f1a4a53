"""The production wiring: `uvicorn --factory orders.main:build_app`."""

from fastapi import FastAPI

from chassis.db import create_session_factory
from chassis.downstream import bearer_client
from chassis.messaging.consumer import Consumer
from chassis.messaging.outbox import OutboxRelay
from chassis.messaging.publisher import RabbitPublisher
from orders.app import create_app
from orders.catalog_client import HttpCatalogClient
from orders.handlers import HANDLERS
from orders.models import inbox, outbox
from orders.settings import Settings
from orders.users_client import HttpUsersClient


def build_app() -> FastAPI:
    """Read the settings from the environment; connect the database, broker and services."""
    settings = Settings()
    session_factory = create_session_factory(
        settings.database_url, timeout_seconds=settings.database_timeout_seconds
    )
    timeout = settings.http_timeout_seconds
    users = HttpUsersClient(
        bearer_client(
            base_url=settings.users_url, token=settings.users_token, timeout_seconds=timeout
        )
    )
    catalog = HttpCatalogClient(
        bearer_client(
            base_url=settings.catalog_url, token=settings.catalog_token, timeout_seconds=timeout
        )
    )
    publisher = RabbitPublisher(
        broker_url=settings.broker_url,
        exchange=settings.events_exchange,
        blocked_timeout_seconds=settings.publish_blocked_timeout_seconds,
    )
    relay = OutboxRelay(
        session_factory, outbox, publisher, poll_seconds=settings.outbox_poll_seconds
    )
    consumer = Consumer(
        settings.broker_url,
        session_factory,
        HANDLERS,
        inbox=inbox,
        exchange=settings.events_exchange,
        queue_prefix=settings.queue_prefix,
    )
    return create_app(
        settings=settings,
        session_factory=session_factory,
        users=users,
        catalog=catalog,
        workers=[consumer, relay],
    )
