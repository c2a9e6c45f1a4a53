"""A producer's message pacts held to the chassis' publisher and the consumers' real topology.

Provider verification states where each event goes: the metadata of every message interaction
(exchange, routing key, content type), which the consumer wrote from where it binds. Pact takes
that statement on trust; this check does not. For each message of the committed pacts, the
consumer's queue is declared on the real broker as the chassis describes it (what the broker's
definitions hold for a consumer), on the pact's exchange and by the pact's routing key; the
chassis' RabbitPublisher, on the exchange the producer publishes to, must get the event into
that queue, with the pact's content type. The broker compares the two exchanges (a publish to an
exchange no consumer binds is unroutable), and each exchange name gets a suffix of the run's own,
so that the check never touches the real exchanges of a shared broker. A producer's integration
suite runs it on the committed pacts by subclassing `MessagePactChecks`:

    class TestPactWiring(MessagePactChecks):
        provider = "orders-events"
        production_exchange = Settings.model_fields["events_exchange"].default

The class is not named Test*, so pytest collects its test only in the service's subclass.
"""

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

import pytest

from chassis.messaging.envelope import new_envelope
from chassis.messaging.publisher import PublishFailed, RabbitPublisher
from chassis.messaging.topology import queue_name
from testkit.data import unique_name
from testkit.pact.contracts import interactions
from testkit.servers.broker import declare_topology, delete_topology
from testkit.workspace import workspace_root

if TYPE_CHECKING:
    from pika.adapters.blocking_connection import BlockingChannel

    from testkit.servers.rabbitmq import RabbitMQBroker


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
    for consumer, interaction in interactions(pacts_dir, provider):
        name = f"{consumer}: {interaction['description']}"
        body, metadata = interaction["contents"]["content"], interaction["metadata"]
        messages.append(RecordedMessage(name, body, metadata))
    return messages


def check_message_pacts(
    rabbitmq: "RabbitMQBroker", *, pacts_dir: Path, provider: str, production_exchange: str
) -> None:
    """Publish each pact's example event with RabbitPublisher; the consumer's queue must get it.

    Args:
        rabbitmq: The broker.
        pacts_dir: The folder of the pacts to check.
        provider: The producer's name in the pacts, e.g. ``"orders-events"``.
        production_exchange: The exchange the producer publishes to (its settings' default).

    Raises:
        AssertionError: No pact for `provider`; or a message that reaches no queue the consumer
            binds (another exchange or routing key), or arrives with another content type.
    """
    messages = recorded_messages(pacts_dir, provider)
    assert messages, f"no pacts for {provider} in {pacts_dir}"
    run = unique_name("wiring")
    published_to = f"{production_exchange}.{run}"
    publisher = RabbitPublisher(broker_url=rabbitmq.url, exchange=published_to)
    with rabbitmq.connect() as connection:
        channel = connection.channel()
        made: list[tuple[str, str, str]] = []  # (exchange, queue prefix, routing key) declared
        try:
            for index, (name, body, metadata) in enumerate(messages):
                bound_to, prefix = f"{metadata['exchange']}.{run}", f"{run}-{index}"
                routing_key = metadata["routing_key"]
                made.append((bound_to, prefix, routing_key))
                declare_topology(
                    channel, exchange=bound_to, queue_prefix=prefix, event_types=[routing_key]
                )
                try:
                    publisher.publish(new_envelope(body["type"], body["data"]))
                except PublishFailed as error:  # mandatory: no queue took it
                    raise AssertionError(
                        f"{name}: the event the publisher sends to {production_exchange!r} reaches"
                        f" no queue bound to {metadata['exchange']!r} by {routing_key!r}: {error}"
                    ) from error
                method, properties, _ = channel.basic_get(
                    queue_name(prefix, routing_key), auto_ack=True
                )
                assert method is not None, f"{name}: nothing arrived by {routing_key}"
                assert properties.content_type == metadata["contentType"], name
        finally:
            publisher.close()
            delete(channel, published_to, made)


def delete(channel: "BlockingChannel", published_to: str, made: list[tuple[str, str, str]]) -> None:
    """Delete what the check declared: the consumers' queues, dead letters and exchanges."""
    for exchange, prefix, routing_key in made:
        delete_topology(channel, exchange=exchange, queue_prefix=prefix, event_types=[routing_key])
    channel.exchange_delete(published_to)


class MessagePactChecks:
    """The committed message pacts of one producer: its publisher reaches the consumers' queues."""

    # The producer's name in the pacts, e.g. "orders-events".
    provider: ClassVar[str]
    # Where the producer publishes unless configured otherwise: its settings' default.
    production_exchange: ClassVar[str]

    def test_each_pacts_event_reaches_its_consumers_queue_as_the_publisher_sends_it(
        self, rabbitmq: "RabbitMQBroker", pytestconfig: pytest.Config
    ) -> None:
        check_message_pacts(
            rabbitmq,
            pacts_dir=workspace_root(pytestconfig.rootpath) / "contracts",
            provider=self.provider,
            production_exchange=self.production_exchange,
        )
