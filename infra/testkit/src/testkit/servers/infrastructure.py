"""Find the tests' Postgres and RabbitMQ: environment URLs first, then testcontainers, else stop.

1. URLs in the environment (TEST_POSTGRES_URL, TEST_RABBITMQ_URL): servers that already run, as
   CI services or on the developer's machine. Nothing is started.
2. testcontainers, when a Docker engine answers and the image (and Ryuk's, unless switched off)
   is on the machine or a registry gives it. The container lives as long as the context.
3. Otherwise MissingInfrastructure: one line naming the ways to fix it. Never a skip.
"""

import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

import docker
import docker.errors
import requests

from testkit.servers.images import Docker, image, unavailable
from testkit.servers.images import docker as docker_command
from testkit.servers.postgres import PostgresServer
from testkit.servers.rabbitmq import RabbitMQBroker

POSTGRES_URL = "TEST_POSTGRES_URL"
RABBITMQ_URL = "TEST_RABBITMQ_URL"


class MissingInfrastructure(RuntimeError):
    """Neither an environment URL nor a Docker engine: the tests cannot get a real server."""


def docker_answers() -> bool:
    """True when a Docker engine answers a ping within two seconds."""
    try:
        docker.from_env(timeout=2).ping()
    except (docker.errors.DockerException, requests.RequestException):
        return False
    return True


def missing_message(
    what: str, variable: str, example_url: str, image_variable: str, environ: Mapping[str, str]
) -> str:
    return (
        f"No {what} for the tests. Either set {variable} to a running server "
        f"(e.g. {variable}={example_url}), or start a Docker engine so that testcontainers can run "
        f"{image(image_variable, environ)} (Debian host without an engine: infra/provision.sh; "
        f"no registry: infra/images/build.sh)."
    )


def ryuk_image() -> str | None:
    """testcontainers' Ryuk image; None when TESTCONTAINERS_RYUK_DISABLED switches it off."""
    from testcontainers.core.config import testcontainers_config

    return None if testcontainers_config.ryuk_disabled else testcontainers_config.ryuk_image


def require_image(variable: str, environ: Mapping[str, str], run: Docker) -> None:
    """Stop with one line (MissingInfrastructure) if the image, or Ryuk's, cannot be had."""
    if message := unavailable([variable], environ, ryuk=ryuk_image(), run=run):
        raise MissingInfrastructure(message)


@contextmanager
def provide_postgres(
    environ: Mapping[str, str] = os.environ,
    engine_answers: Callable[[], bool] = docker_answers,
    run: Docker = docker_command,
) -> Iterator[PostgresServer]:
    """A Postgres server on which the caller may create databases."""
    if url := environ.get(POSTGRES_URL):
        yield PostgresServer(url)
        return
    if not engine_answers():
        raise MissingInfrastructure(
            missing_message(
                "Postgres",
                POSTGRES_URL,
                "postgresql://postgres@127.0.0.1:5432/postgres",
                "POSTGRES_IMAGE",
                environ,
            )
        )
    require_image("POSTGRES_IMAGE", environ, run)
    from testkit.servers.containers import FastPostgresContainer, stop

    container = FastPostgresContainer(image("POSTGRES_IMAGE", environ)).start()
    try:
        yield container.server()
    finally:
        stop(container)


@contextmanager
def provide_rabbitmq(
    environ: Mapping[str, str] = os.environ,
    engine_answers: Callable[[], bool] = docker_answers,
    run: Docker = docker_command,
) -> Iterator[RabbitMQBroker]:
    """A RabbitMQ broker on which the caller may declare exchanges and queues."""
    if url := environ.get(RABBITMQ_URL):
        yield RabbitMQBroker(url)
        return
    if not engine_answers():
        raise MissingInfrastructure(
            missing_message(
                "RabbitMQ",
                RABBITMQ_URL,
                "amqp://guest:guest@127.0.0.1:5672/%2F",
                "RABBITMQ_IMAGE",
                environ,
            )
        )
    require_image("RABBITMQ_IMAGE", environ, run)
    from testkit.servers.containers import FastRabbitMqContainer, stop

    container = FastRabbitMqContainer(image("RABBITMQ_IMAGE", environ)).start()
    try:
        yield container.broker()
    finally:
        stop(container)
