"""How long a test run waits for its servers: the kit's containers, start to first answer.

It uses the kit's own container classes, so it measures what the suites get, not a lookalike.
"""

import time
from collections.abc import Iterable

import docker
import psycopg

from testkit.servers.containers import FastPostgresContainer, FastRabbitMqContainer, stop


def postgres_ready_seconds(postgres_image: str) -> float:
    """Seconds from `FastPostgresContainer(image).start()` to a first query answered on the host."""
    started = time.perf_counter()
    container = FastPostgresContainer(postgres_image)
    try:
        container.start()
        with psycopg.connect(container.get_connection_url()) as connection:
            connection.execute("SELECT 1").fetchone()
        return time.perf_counter() - started
    finally:
        # Removal is not part of "ready": a test run pays it once, after its last test.
        stop(container)


def rabbitmq_ready_seconds(rabbitmq_image: str) -> float:
    """Seconds from `FastRabbitMqContainer(image).start()` to an open channel on the host."""
    started = time.perf_counter()
    container = FastRabbitMqContainer(rabbitmq_image)
    try:
        container.start()
        connection = container.broker().connect()
        connection.channel().close()
        connection.close()
        return time.perf_counter() - started
    finally:
        stop(container)


def image_ids(names: Iterable[str]) -> dict[str, str]:
    """Each image's short ID: on a shared engine, someone may build another image under a tag."""
    client = docker.from_env()
    return {name: client.images.get(name).short_id.removeprefix("sha256:") for name in names}


def engine_details(images: dict[str, str], postgres_version: str) -> list[str]:
    """The machine lines of this benchmark: the Docker engine, and which build of each image."""
    engine = docker.from_env().version()
    return [
        f"- Docker server: {engine.get('Version')} (API {engine.get('ApiVersion')})",
        f"- Images: {', '.join(f'`{name}` ({id_})' for name, id_ in images.items())};"
        f" PostgreSQL {postgres_version}",
    ]
