"""The RabbitMQ topology of docs/events.md: declared by the administrator, checked by services.

One description, in the format of RabbitMQ's definitions file (exchanges, queues, bindings):
the compose broker loads it from infra/compose/rabbitmq/definitions.json at deploy time (a test
of the kit holds that file to `definitions`), and a test on a bare broker declares the same
with `declare`, as the broker's administrator. A service declares nothing: its broker user may
not configure anything, nor bind (so it cannot route another service's routing key into the
events exchange through an exchange of its own); it only checks, passively, that what it uses
is there (`check`), which asks for no right.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pika.adapters.blocking_connection import BlockingChannel, BlockingConnection

# Headers of a dead letter the consumer publishes: why, and where the message was going.
POISON_REASON = "x-poison-reason"
ORIGINAL_EXCHANGE = "x-original-exchange"
ORIGINAL_ROUTING_KEY = "x-original-routing-key"

Definitions = dict[str, list[dict[str, Any]]]


def queue_name(queue_prefix: str, event_type: str) -> str:
    """`payments.order.placed`: one queue per consuming service and event type."""
    return f"{queue_prefix}.{event_type}"


def dead_letter_name(queue_prefix: str) -> str:
    """The name of both the service's dead-letter exchange and its dead-letter queue."""
    return f"{queue_prefix}.dead-letter"


def _exchange(name: str, kind: str, vhost: str) -> dict[str, Any]:
    return {
        "name": name,
        "vhost": vhost,
        "type": kind,
        "durable": True,
        "auto_delete": False,
        "internal": False,
        "arguments": {},
    }


def _queue(name: str, vhost: str, arguments: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "vhost": vhost,
        "durable": True,
        "auto_delete": False,
        "arguments": dict(arguments),
    }


def _binding(exchange: str, queue: str, routing_key: str, vhost: str) -> dict[str, Any]:
    return {
        "source": exchange,
        "vhost": vhost,
        "destination": queue,
        "destination_type": "queue",
        "routing_key": routing_key,
        "arguments": {},
    }


def events_exchange(exchange: str, *, vhost: str = "/") -> Definitions:
    """The shared events exchange: a durable topic exchange, the routing key the event type."""
    return {"exchanges": [_exchange(exchange, "topic", vhost)], "queues": [], "bindings": []}


@dataclass(frozen=True)
class Topology:
    """What one consuming service needs: a queue per event type, bound by it, and dead letters."""

    exchange: str
    queue_prefix: str
    event_types: tuple[str, ...]

    def queues(self) -> list[str]:
        """The names of the service's queues: its dead letters', then one per event type."""
        own = [queue_name(self.queue_prefix, event_type) for event_type in self.event_types]
        return [dead_letter_name(self.queue_prefix), *own]

    def definitions(self, *, vhost: str = "/") -> Definitions:
        """The service's exchanges, queues and bindings (not the shared events exchange)."""
        dead_letter = dead_letter_name(self.queue_prefix)
        # Deliveries the broker itself dead-letters (rejected, expired) land there too.
        dead_lettering = {"x-dead-letter-exchange": dead_letter}
        return {
            "exchanges": [_exchange(dead_letter, "fanout", vhost)],
            "queues": [
                _queue(dead_letter, vhost, {}),
                *(
                    _queue(queue_name(self.queue_prefix, event_type), vhost, dead_lettering)
                    for event_type in self.event_types
                ),
            ],
            "bindings": [
                _binding(dead_letter, dead_letter, "", vhost),
                *(
                    _binding(self.exchange, queue_name(self.queue_prefix, event), event, vhost)
                    for event in self.event_types
                ),
            ],
        }


def topology(*, exchange: str, queue_prefix: str, event_types: Iterable[str]) -> Topology:
    return Topology(exchange, queue_prefix, tuple(event_types))


def declare(channel: BlockingChannel, definitions: Definitions) -> None:
    """Declare (idempotently) what `definitions` describe: the administrator's job."""
    for exchange in definitions["exchanges"]:
        channel.exchange_declare(
            exchange["name"],
            exchange_type=exchange["type"],
            internal=exchange["internal"],
            **_lifetime(exchange),
        )
    for queue in definitions["queues"]:
        channel.queue_declare(queue["name"], **_lifetime(queue))
    for binding in definitions["bindings"]:
        channel.queue_bind(
            binding["destination"],
            binding["source"],
            routing_key=binding["routing_key"],
            arguments=binding["arguments"] or None,
        )


def _lifetime(declared: Mapping[str, Any]) -> dict[str, Any]:
    """What an exchange's and a queue's declarations share: how long it lives, its arguments."""
    return {
        "durable": declared["durable"],
        "auto_delete": declared["auto_delete"],
        "arguments": declared["arguments"] or None,
    }


def check(connection: BlockingConnection, expected: Topology) -> None:
    """Make sure the events exchange, the dead-letter exchange and every queue exist.

    Passive declares, which ask for no right and change nothing. A missing one closes the check's
    channel with the broker's 404 (ChannelClosedByBroker, NOT_FOUND naming it): the consumer
    retries, not ready, until the broker's definitions hold it. Bindings cannot be checked
    passively: a wrong one shows as events that never arrive (the e2e journeys).
    """
    channel = connection.channel()
    channel.exchange_declare(expected.exchange, passive=True)
    channel.exchange_declare(dead_letter_name(expected.queue_prefix), passive=True)
    for queue in expected.queues():
        channel.queue_declare(queue, passive=True)
    channel.close()
