"""check_message_pacts on the kit's broker: a pact whose routing is what RabbitPublisher does
passes; a routing key, content type or exchange it does not use fails, and so does a pact whose
consumer binds another exchange than the one the producer publishes to."""

import json
from pathlib import Path

import pytest

from testkit.checks.pact_wiring import check_message_pacts
from testkit.servers.rabbitmq import RabbitMQBroker

EXCHANGE = "domain-events"


def write_pact(folder: Path, **metadata: str) -> Path:
    """A one-message pact of `kit-events` for an order.placed, with this metadata."""
    interaction = {
        "description": "an order.placed event",
        "contents": {"content": {"type": "order.placed", "data": {"order_id": "x"}}},
        "metadata": {
            "contentType": "application/json",
            "exchange": EXCHANGE,
            "routing_key": "order.placed",
            **metadata,
        },
    }
    pact = {"consumer": {"name": "payments"}, "interactions": [interaction]}
    (folder / "payments-kit-events.json").write_text(json.dumps(pact))
    return folder


def check(rabbitmq: RabbitMQBroker, pacts_dir: Path, production_exchange: str = EXCHANGE) -> None:
    check_message_pacts(
        rabbitmq,
        pacts_dir=pacts_dir,
        provider="kit-events",
        production_exchange=production_exchange,
    )


def test_a_pact_stating_where_the_publisher_sends_passes(rabbitmq, tmp_path):
    check(rabbitmq, write_pact(tmp_path))


def test_a_routing_key_other_than_the_event_type_reaches_no_queue(rabbitmq, tmp_path):
    with pytest.raises(AssertionError, match=r"reaches no queue bound to .* by 'order\.created'"):
        check(rabbitmq, write_pact(tmp_path, routing_key="order.created"))


def test_a_content_type_the_publisher_does_not_send_fails(rabbitmq, tmp_path):
    with pytest.raises(AssertionError, match=r"payments: an order\.placed event"):
        check(rabbitmq, write_pact(tmp_path, contentType="text/plain"))


def test_a_consumer_bound_to_an_exchange_production_does_not_publish_to_fails(rabbitmq, tmp_path):
    with pytest.raises(
        AssertionError, match=r"payments: an order\.placed event: .*'legacy-events'"
    ):
        check(rabbitmq, write_pact(tmp_path, exchange="legacy-events"))


def test_a_producer_publishing_to_another_exchange_than_the_consumers_fails(rabbitmq, tmp_path):
    with pytest.raises(AssertionError, match="sends to 'payments-events' reaches no queue"):
        check(rabbitmq, write_pact(tmp_path), production_exchange="payments-events")


def test_no_pact_for_the_provider_fails_rather_than_check_nothing(rabbitmq, tmp_path):
    with pytest.raises(AssertionError, match="no pacts for kit-events"):
        check(rabbitmq, tmp_path)
