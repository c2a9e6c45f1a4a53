"""A producer's message pacts held to the chassis' RabbitPublisher on the real broker.

Provider verification states where each event goes: the metadata of every message interaction
(exchange, routing key, content type). Pact takes that statement on trust; this check does not:
a queue bound with the pact's routing key must get the event RabbitPublisher publishes, with
the pact's content type, so no message pact stays green over broken routing. It publishes to
an exchange of its own on the shared broker; that the pact's exchange is the one production
publishes to is checked against the producer's setting. A producer's integration suite runs it
on the committed pacts by subclassing `MessagePactChecks`:

    class TestPactWiring(MessagePactChecks):
        provider = "orders-events"
        production_exchange = Settings.model_fields["events_exchange"].default

The class is not named Test*, so pytest collects its test only in the service's subclass.
"""

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

import pytest

from chassis.messaging.envelope import new_envelope
from chassis.messaging.publisher import RabbitPublisher
from testkit.broker import observe, temporary_topology
from testkit.workspace import workspace_root

if TYPE_CHECKING:
    from testkit.rabbitmq import RabbitMQBroker


class RecordedMessage(NamedTuple):
    """One message interaction of a pact file."""

    name: str  # "<consumer>: <description>", for assertion messages
    body: dict[str, Any]  # the example envelope
    metadata: dict[str, str]  # exchange, routing_key, contentType


def recorded_messages(pacts_dir: Path, provider: str) -> list[RecordedMessage]:
    """The message interactions of every ``<consumer>-<provider>.json`` in `pacts_dir`.

    Args:
        pacts_dir: A folder of pact files, e.g. the committed contracts/.
        provider: The producer's name in the pacts, e.g. ``"orders-events"``.
    """
    messages = []
    for path in sorted(pacts_dir.glob(f"*-{provider}.json")):
        pact = json.loads(path.read_text())
        for interaction in pact["interactions"]:
            name = f"{pact['consumer']['name']}: {interaction['description']}"
            body, metadata = interaction["contents"]["content"], interaction["metadata"]
            messages.append(RecordedMessage(name, body, metadata))
    return messages


def check_message_pacts(
    rabbitmq: "RabbitMQBroker", *, pacts_dir: Path, provider: str, production_exchange: str
) -> None:
    """Publish each pact's example event with RabbitPublisher; it must arrive as the pact says.

    Args:
        rabbitmq: The broker.
        pacts_dir: The folder of the pacts to check.
        provider: The producer's name in the pacts, e.g. ``"orders-events"``.
        production_exchange: The exchange the producer publishes to by default (its settings').

    Raises:
        AssertionError: No pact for `provider`, or a message that does not arrive by its pact's
            routing key, or with another content type, or a pact naming another exchange.
        chassis.messaging.publisher.PublishFailed: No queue is bound by the event's type.
    """
    messages = recorded_messages(pacts_dir, provider)
    assert messages, f"no pacts for {provider} in {pacts_dir}"
    with (
        temporary_topology(rabbitmq, event_types=(), prefix=provider) as topology,
        rabbitmq.connect() as connection,
    ):
        publisher = RabbitPublisher(broker_url=rabbitmq.url, exchange=topology.exchange)
        try:
            channel = connection.channel()
            for name, body, metadata in messages:
                queue = observe(channel, topology.exchange, metadata["routing_key"])

                # mandatory=True: a routing key no queue is bound by raises here.
                publisher.publish(new_envelope(body["type"], body["data"]))

                method, properties, _ = channel.basic_get(queue, auto_ack=True)
                routing_key = metadata["routing_key"]
                assert method is not None, f"{name}: nothing arrived by {routing_key}"
                assert method.routing_key == routing_key, name
                assert properties.content_type == metadata["contentType"], name
                assert metadata["exchange"] == production_exchange, name
        finally:
            publisher.close()


class MessagePactChecks:
    """The committed message pacts of one producer route as its RabbitPublisher sends."""

    # The producer's name in the pacts, e.g. "orders-events".
    provider: ClassVar[str]
    # Where the producer publishes unless configured otherwise: its settings' default.
    production_exchange: ClassVar[str]

    def test_each_pacts_routing_key_and_content_type_are_what_the_publisher_sends(
        self, rabbitmq: "RabbitMQBroker", pytestconfig: pytest.Config
    ) -> None:
        check_message_pacts(
            rabbitmq,
            pacts_dir=workspace_root(pytestconfig.rootpath) / "contracts",
            provider=self.provider,
            production_exchange=self.production_exchange,
        )
