"""Postgres and RabbitMQ containers started with testcontainers, ready when the host can connect."""

import time
from collections.abc import Callable

import pika
import psycopg
from testcontainers.community.postgres import PostgresContainer
from testcontainers.community.rabbitmq import RabbitMqContainer
from testcontainers.core.container import DockerContainer

from testkit.servers.postgres import PostgresServer
from testkit.servers.rabbitmq import RabbitMQBroker

# A label on everything the kit starts, so that leftovers of a killed run can be found.
LABEL = "org.pyramid.testkit"
POLL_SECONDS = 0.02
READY_TIMEOUT_SECONDS = 60.0


def wait_until(probe: Callable[[], object], errors: tuple[type[Exception], ...], what: str) -> None:
    """Call `probe` until it stops raising one of `errors`, or give up after a minute."""
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while True:
        try:
            probe()
            return
        except errors as error:
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"{what} not ready after {READY_TIMEOUT_SECONDS:.0f} s"
                ) from error
            time.sleep(POLL_SECONDS)


class FastPostgresContainer(PostgresContainer):
    """Postgres tuned for tests, probed from the host instead of by `docker exec psql`.

    A host-side connect is both the truer readiness test and about 0.4 s faster than the
    library's exec probe with its 1 s poll. Durability is traded for speed: a test database
    that loses its last commits in a crash is simply made again.
    """

    def __init__(self, image: str) -> None:
        super().__init__(image, driver=None)
        self.with_command("postgres -c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        self.with_kwargs(labels={LABEL: "postgres"})

    # Private, but the one readiness hook the library's start() calls (testcontainers 4 has no
    # public one for Postgres). Were a release to rename it, the library's own `docker exec psql`
    # probe would run again: slower, still correct.
    def _connect(self) -> None:
        url = self.get_connection_url()
        wait_until(
            lambda: psycopg.connect(url, connect_timeout=2).close(), (psycopg.Error,), "Postgres"
        )

    def server(self) -> PostgresServer:
        return PostgresServer(self.get_connection_url())


class FastRabbitMqContainer(RabbitMqContainer):
    """RabbitMQ probed with a short poll; starting it is CPU-bound (about 6 s), so once per run."""

    def __init__(self, image: str) -> None:
        super().__init__(image)
        self.with_kwargs(labels={LABEL: "rabbitmq"})

    def readiness_probe(self) -> "FastRabbitMqContainer":
        params = self.get_connection_params()
        errors = (pika.exceptions.AMQPConnectionError, pika.exceptions.IncompatibleProtocolError)
        wait_until(lambda: pika.BlockingConnection(params).close(), errors, "RabbitMQ")
        return self

    def broker(self) -> RabbitMQBroker:
        params = self.get_connection_params()
        return RabbitMQBroker(
            f"amqp://{self.username}:{self.password}@{params.host}:{params.port}/%2F"
        )


def stop(container: DockerContainer) -> None:
    """Remove the container and its volumes (Ryuk may be off, so nobody else will)."""
    container.stop(force=True, delete_volume=True)
