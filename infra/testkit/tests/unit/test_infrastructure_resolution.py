"""Where the kit finds its servers: environment URLs first, then Docker, else a clear stop."""

import re
from pathlib import Path

import pytest

from testkit.servers.images import DEFAULT_IMAGES, image
from testkit.servers.infrastructure import MissingInfrastructure, provide_postgres, provide_rabbitmq

REPOSITORY = Path(__file__).resolve().parents[4]


def engine_must_not_be_asked() -> bool:
    raise AssertionError("the Docker engine was consulted although a URL was given")


def test_an_environment_url_is_used_without_asking_docker():
    environ = {"TEST_POSTGRES_URL": "postgresql://ci@db.example:5432/postgres"}

    with provide_postgres(environ, engine_must_not_be_asked) as server:
        assert server.url == "postgresql://ci@db.example:5432/postgres"


def test_a_broker_url_is_used_without_asking_docker():
    environ = {"TEST_RABBITMQ_URL": "amqp://ci:secret@mq.example:5672/%2F"}

    with provide_rabbitmq(environ, engine_must_not_be_asked) as broker:
        assert broker.url == "amqp://ci:secret@mq.example:5672/%2F"


@pytest.mark.parametrize(
    ("provide", "variable", "image_variable"),
    [
        (provide_postgres, "TEST_POSTGRES_URL", "POSTGRES_IMAGE"),
        (provide_rabbitmq, "TEST_RABBITMQ_URL", "RABBITMQ_IMAGE"),
    ],
)
def test_without_url_or_engine_the_message_names_both_ways_out(provide, variable, image_variable):
    environ = {image_variable: "local/image:1"}

    with pytest.raises(MissingInfrastructure) as missing, provide(environ, lambda: False):
        pass

    message = str(missing.value)
    assert variable in message
    assert "Docker engine" in message
    assert "local/image:1" in message


def test_images_default_to_the_official_ones_and_follow_the_environment():
    assert image("POSTGRES_IMAGE", {}) == "postgres:15"
    assert (
        image("POSTGRES_IMAGE", {"POSTGRES_IMAGE": "offline/postgres:15"}) == "offline/postgres:15"
    )


def test_compose_defaults_to_the_same_images_as_the_kit():
    compose = (REPOSITORY / "docker-compose.yml").read_text()
    defaults = dict(re.findall(r"\$\{(\w+_IMAGE):-([^}]+)\}", compose))

    assert defaults
    for variable, default in defaults.items():
        assert DEFAULT_IMAGES[variable] == default, variable
