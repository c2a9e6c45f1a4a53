"""An image that is neither here nor pullable stops the run in one line naming it and its fix."""

import pytest

from testkit.servers.images import BUILD, unavailable
from testkit.servers.infrastructure import MissingInfrastructure, provide_postgres, provide_rabbitmq


class FakeDocker:
    """`docker image inspect` / `docker pull`: succeeds for the images it holds or can pull."""

    def __init__(self, *, here=(), registry=()) -> None:
        self.here, self.registry, self.commands = set(here), set(registry), []

    def __call__(self, arguments: list[str]) -> bool:
        self.commands.append(arguments)
        verb, name = arguments[-2], arguments[-1]
        return name in self.here or (verb == "pull" and name in self.registry)


def test_images_on_the_machine_are_used_without_asking_a_registry():
    docker = FakeDocker(here={"postgres:15", "rabbitmq:3.10"})

    assert unavailable(["POSTGRES_IMAGE", "RABBITMQ_IMAGE"], {}, run=docker) is None
    assert [command[0] for command in docker.commands] == ["image", "image"]


def test_a_registry_that_answers_is_used_as_it_is():
    docker = FakeDocker(registry={"postgres:15"})

    assert unavailable(["POSTGRES_IMAGE"], {}, run=docker) is None
    assert docker.commands[-1] == ["pull", "postgres:15"]


def test_an_image_that_cannot_be_had_is_one_line_naming_it_and_the_command_that_makes_it():
    message = unavailable(["POSTGRES_IMAGE"], {"POSTGRES_IMAGE": "absent/pg:1"}, run=FakeDocker())

    assert message is not None
    assert "\n" not in message
    assert message.startswith("absent/pg:1 (POSTGRES_IMAGE) is not on this machine")
    assert BUILD in message


def test_ryuk_that_cannot_be_had_says_how_to_switch_it_off():
    docker = FakeDocker(here={"postgres:15"})

    message = unavailable(["POSTGRES_IMAGE"], {}, ryuk="testcontainers/ryuk:0.8.1", run=docker)

    assert message is not None
    assert message.startswith("testcontainers/ryuk:0.8.1 (testcontainers' Ryuk)")
    assert "TESTCONTAINERS_RYUK_DISABLED=true" in message


@pytest.mark.parametrize(
    ("provide", "variable"),
    [(provide_postgres, "POSTGRES_IMAGE"), (provide_rabbitmq, "RABBITMQ_IMAGE")],
)
def test_the_kit_stops_before_starting_a_container_whose_image_cannot_be_had(provide, variable):
    environ = {variable: "absent/image:1"}
    docker = FakeDocker(here={"testcontainers/ryuk:0.8.1"})

    with (
        pytest.raises(MissingInfrastructure, match=r"^absent/image:1 \(") as missing,
        provide(environ, lambda: True, docker),
    ):
        pass

    assert BUILD in str(missing.value)
