"""recorded_messages: the message interactions of one provider's pacts, named by consumer."""

import json
from pathlib import Path

from testkit.checks.pact_wiring import RecordedMessage, recorded_messages

BODY = {"type": "order.placed", "data": {"order_id": "x"}}
METADATA = {"contentType": "application/json", "exchange": "ex", "routing_key": "order.placed"}


def write_pact(folder: Path, consumer: str, provider: str, *descriptions: str) -> None:
    interactions = [
        {"description": d, "contents": {"content": BODY}, "metadata": METADATA}
        for d in descriptions
    ]
    pact = {"consumer": {"name": consumer}, "provider": {"name": provider}}
    (folder / f"{consumer}-{provider}.json").write_text(
        json.dumps({**pact, "interactions": interactions})
    )


def test_each_interaction_of_the_providers_pacts_is_read_in_file_order(tmp_path):
    write_pact(tmp_path, "payments", "orders-events", "an order.placed event")
    write_pact(tmp_path, "catalog", "orders-events", "one", "two")

    assert recorded_messages(tmp_path, "orders-events") == [
        RecordedMessage("catalog: one", BODY, METADATA),
        RecordedMessage("catalog: two", BODY, METADATA),
        RecordedMessage("payments: an order.placed event", BODY, METADATA),
    ]


def test_pacts_of_other_providers_are_left_out(tmp_path):
    write_pact(tmp_path, "orders", "payments-events", "a payment.failed event")

    assert recorded_messages(tmp_path, "orders-events") == []
