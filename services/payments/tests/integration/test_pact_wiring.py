"""The message pacts' metadata is where RabbitPublisher sends: no green pact over broken routing.

Provider verification (tests/contract/test_provider.py) states where each event goes: the
default events exchange, the event type as routing key, application/json. This test holds
that statement to the real RabbitPublisher and the real broker, for every message interaction
payments' consumers recorded in the committed pacts: a queue bound with the pact's routing key
gets the event, with the pact's content type. (The test publishes to an exchange of its own on
the shared broker; that the pact's exchange is the one production publishes to is checked
against the setting's default.)
"""

import json
from pathlib import Path

from payments.settings import Settings

from chassis.messaging.envelope import new_envelope
from chassis.messaging.publisher import RabbitPublisher
from testkit import RabbitMQBroker

CONTRACTS = Path(__file__).resolve().parents[4] / "contracts"
PROVIDER = "payments-events"


def recorded_messages() -> list[tuple[str, dict, dict]]:
    """(consumer: description, message body, metadata) of each interaction in the pacts."""
    messages = []
    for path in sorted(CONTRACTS.glob(f"*-{PROVIDER}.json")):
        pact = json.loads(path.read_text())
        for interaction in pact["interactions"]:
            name = f"{pact['consumer']['name']}: {interaction['description']}"
            messages.append((name, interaction["contents"]["content"], interaction["metadata"]))
    return messages


def test_each_pacts_routing_key_and_content_type_are_what_the_publisher_sends(
    rabbitmq: RabbitMQBroker, topology
) -> None:
    exchange = topology.exchange
    messages = recorded_messages()
    assert messages, f"no pacts for {PROVIDER} in {CONTRACTS}"
    publisher = RabbitPublisher(broker_url=rabbitmq.url, exchange=exchange)
    with rabbitmq.connect() as connection:
        channel = connection.channel()
        channel.exchange_declare(exchange, exchange_type="topic", durable=True)
        for name, body, metadata in messages:
            queue = channel.queue_declare("", exclusive=True).method.queue
            channel.queue_bind(queue, exchange, routing_key=metadata["routing_key"])

            # mandatory=True: a routing key no queue is bound by raises here.
            publisher.publish(new_envelope(body["type"], body["data"]))

            method, properties, _ = channel.basic_get(queue, auto_ack=True)
            assert method is not None, f"{name}: nothing arrived by {metadata['routing_key']}"
            assert method.routing_key == metadata["routing_key"], name
            assert properties.content_type == metadata["contentType"], name
            assert metadata["exchange"] == Settings.model_fields["events_exchange"].default, name
    publisher.close()
