"""The compose broker's definitions: the chassis' topology, and users that can route nothing.

infra/compose/rabbitmq/definitions.json is what the broker declares at deploy time; the tests on
a bare broker declare the same topology from the same description (chassis.messaging.topology).
A service's user may configure nothing and read no exchange: exchange.bind needs read on its
source and queue.bind read on the exchange, so it can bind nothing, and no message with a
routing key it does not own reaches the events exchange by a route of its own making. The
e2e probes show the broker refusing; this shows the file says so, in milliseconds.
"""

import json
import re
from pathlib import Path

import pytest

from chassis.messaging.topology import dead_letter_name, events_exchange, topology
from testkit.workspace import workspace_root

EXCHANGE = "domain-events"
# Who consumes what in the compose stack: each service's consumer checks at start that its
# queues are there (not ready otherwise), so a service that consumed more fails the e2e stack.
CONSUMES = {
    "catalog": ["order.placed", "order.confirmed", "order.cancelled"],
    "orders": ["payment.succeeded", "payment.failed"],
    "payments": ["order.placed"],
    "notifications": ["order.confirmed", "order.cancelled"],
}
PUBLISHERS = {"orders", "payments"}
# What every vhost has besides: the default exchange (as permissions name it) and amq.*.
BUILT_IN_EXCHANGES = ["amq.default", "amq.direct", "amq.fanout", "amq.headers", "amq.match"]
BUILT_IN_EXCHANGES += ["amq.topic", "amq.rabbitmq.trace"]


@pytest.fixture(scope="module")
def definitions(pytestconfig: pytest.Config) -> dict:
    path = workspace_root(pytestconfig.rootpath) / "infra/compose/rabbitmq/definitions.json"
    return json.loads(Path(path).read_text())


def matches(pattern: str, name: str) -> bool:
    """As the broker matches a permission: a regular expression found anywhere in the name."""
    return re.search(pattern, name) is not None


def test_the_broker_declares_exactly_the_chassis_topology_of_each_consumer(definitions):
    parts = [events_exchange(EXCHANGE)] + [
        topology(exchange=EXCHANGE, queue_prefix=service, event_types=events).definitions()
        for service, events in CONSUMES.items()
    ]

    for kind in ("exchanges", "queues", "bindings"):
        assert definitions[kind] == [item for part in parts for item in part[kind]], kind


@pytest.mark.parametrize("service", sorted(CONSUMES))
def test_a_services_user_may_configure_nothing_and_read_no_exchange_so_it_binds_nothing(
    definitions, service
):
    (permission,) = [p for p in definitions["permissions"] if p["user"] == service]
    exchanges = [e["name"] for e in definitions["exchanges"]] + BUILT_IN_EXCHANGES
    queues = [q["name"] for q in definitions["queues"]]

    assert [n for n in exchanges + queues if matches(permission["configure"], n)] == []
    # Read: only its own queues, to consume them; no exchange, so no binding of any kind.
    own = topology(exchange=EXCHANGE, queue_prefix=service, event_types=CONSUMES[service])
    readable = [n for n in exchanges + queues if matches(permission["read"], n)]
    assert sorted(readable) == sorted(own.queues()[1:])  # not its dead letters: an operator's
    # Write: its dead-letter exchange, and the events exchange if it publishes. Its dead-letter
    # queue has the same name: a queue.bind to it would need read on an exchange too (none).
    expected = [dead_letter_name(service)] + ([EXCHANGE] if service in PUBLISHERS else [])
    writable = [n for n in exchanges if matches(permission["write"], n)]
    assert sorted(writable) == sorted(expected)
    assert [n for n in queues if matches(permission["write"], n)] == [dead_letter_name(service)]
