"""docs/events.md's saga diagram draws what the code does: its calls, answers, events and queues.

The diagram is checked against the pacts in contracts/, which are the wire as the services' own
code knows it (consumer tests drive the real clients and handlers; providers verify them with
their real apps and serializers), and against the chassis' `queue_name`, with which every
consumer declares its queues (chassis.messaging.topology). Arrows to or from the client are
drawn for the reader and not checked: no pact records them.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from chassis.messaging.topology import queue_name
from testkit.workspace import workspace_root

ROOT = workspace_root(Path(__file__).parent)
CLIENT = "client"

PARTICIPANT = re.compile(r"^(?:participant|actor) (\S+)(?: as (\S+))?$")
REQUEST = re.compile(r"^(\w+)->>(\w+): (GET|POST|PUT|PATCH|DELETE) (/\S*)$")
ANSWER = re.compile(r"^(\w+)-->>(\w+): (\d{3})\b")
EVENT = re.compile(r"^(\w+)-\)(\w+): ([\w.]+)(?:, (\S+))?$")


@dataclass(frozen=True)
class Call:
    caller: str
    callee: str
    method: str
    path: str  # a template: /users/{id}
    status: int


@dataclass(frozen=True)
class Delivery:
    consumer: str
    event_type: str
    queue: str


@dataclass
class Saga:
    exchange: str = ""
    calls: list[Call] = field(default_factory=list)
    published: list[tuple[str, str]] = field(default_factory=list)  # (producer, event type)
    delivered: list[Delivery] = field(default_factory=list)


def mermaid_block(markdown: str, heading: str) -> list[str]:
    """The lines of the first ```mermaid block after `heading`, stripped."""
    after = markdown[markdown.index(heading) :]
    block = after[after.index("```mermaid") :].split("```")[1]
    return [line.strip() for line in block.splitlines()[1:] if line.strip()]


def read_saga(lines: list[str]) -> Saga:
    """The diagram's exchange, calls with their answers, publications and deliveries."""
    saga = Saga()
    exchange_alias = ""
    asked: dict[tuple[str, str], tuple[str, str]] = {}  # (caller, callee) -> its last request
    for line in lines:
        if match := PARTICIPANT.match(line):
            alias, label = match.groups()
            if label:  # the one participant that is not a service: the events exchange
                exchange_alias, saga.exchange = alias, label
        elif match := REQUEST.match(line):
            caller, callee, method, path = match.groups()
            asked[caller, callee] = (method, path)
        elif match := ANSWER.match(line):
            callee, caller, status = match.groups()
            if CLIENT not in (caller, callee):
                method, path = asked[caller, callee]
                saga.calls.append(Call(caller, callee, method, path, int(status)))
        elif match := EVENT.match(line):
            source, target, event_type, queue = match.groups()
            if target == exchange_alias:
                saga.published.append((source, event_type))
            elif source == exchange_alias:
                saga.delivered.append(Delivery(target, event_type, queue or ""))
    return saga


def pacts(folder: Path) -> list[dict]:
    return [json.loads(path.read_text()) for path in sorted(folder.glob("*.json"))]


def template_matches(template: str, path: str) -> bool:
    pattern = re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(template))
    return re.fullmatch(pattern, path) is not None


def http_interactions(found: list[dict], caller: str, callee: str) -> list[tuple[str, str, int]]:
    return [
        (i["request"]["method"], i["request"]["path"], i["response"]["status"])
        for pact in found
        if (pact["consumer"]["name"], pact["provider"]["name"]) == (caller, callee)
        for i in pact["interactions"]
        if i["type"] == "Synchronous/HTTP"
    ]


def messages(found: list[dict]) -> list[tuple[str, str, str, str]]:
    """(producer, consumer, exchange, routing key) of every message interaction."""
    return [
        (
            pact["provider"]["name"].removesuffix("-events"),
            pact["consumer"]["name"],
            i["metadata"]["exchange"],
            i["metadata"]["routing_key"],
        )
        for pact in found
        for i in pact["interactions"]
        if i["type"] == "Asynchronous/Messages"
    ]


def problems(saga: Saga, found: list[dict]) -> list[str]:
    """What the diagram draws that the code does not do, or leaves out of what it does."""
    wrong = []
    for call in saga.calls:
        if not any(
            method == call.method and template_matches(call.path, path) and status == call.status
            for method, path, status in http_interactions(found, call.caller, call.callee)
        ):
            wrong.append(f"no pact of {call.caller}-{call.callee} has {call}")
    wire = messages(found)
    for producer, event_type in saga.published:
        if (producer, saga.exchange, event_type) not in {(p, x, k) for p, _, x, k in wire}:
            wrong.append(f"{producer} publishes no {event_type} on {saga.exchange}")
    for delivery in saga.delivered:
        if (delivery.consumer, delivery.event_type) not in {(c, k) for _, c, _, k in wire}:
            wrong.append(f"{delivery.consumer} consumes no {delivery.event_type}")
        if delivery.queue != queue_name(delivery.consumer, delivery.event_type):
            wrong.append(f"{delivery} is not the queue the chassis declares")
        if delivery.event_type not in {event_type for _, event_type in saga.published}:
            wrong.append(f"{delivery.event_type} is delivered but nobody publishes it")
    drawn = {(d.consumer, d.event_type) for d in saga.delivered}
    wrong += [f"{c} consumes {k}: not drawn" for _, c, _, k in wire if (c, k) not in drawn]
    return wrong


def test_the_saga_diagram_in_events_md_draws_the_calls_events_and_queues_of_the_code():
    saga = read_saga(mermaid_block((ROOT / "docs" / "events.md").read_text(), "## The saga"))

    assert problems(saga, pacts(ROOT / "contracts")) == []
    assert saga.exchange == "domain-events"
    assert (
        len(saga.calls) >= 5
    )  # read, not skipped (the product read went with the one-call reserve)
    assert len(saga.delivered) >= 7


DIAGRAM = """
    participant orders
    participant events as domain-events
    participant payments
    orders->>catalog: POST /reservations
    catalog-->>orders: 201
    orders-)events: order.placed
    events-)payments: order.placed, payments.order.placed
"""
PACTS = [
    {
        "consumer": {"name": "orders"},
        "provider": {"name": "catalog"},
        "interactions": [
            {
                "type": "Synchronous/HTTP",
                "request": {"method": "POST", "path": "/reservations"},
                "response": {"status": 201},
            }
        ],
    },
    {
        "consumer": {"name": "payments"},
        "provider": {"name": "orders-events"},
        "interactions": [
            {
                "type": "Asynchronous/Messages",
                "metadata": {"exchange": "domain-events", "routing_key": "order.placed"},
            }
        ],
    },
]


def drawn(diagram: str) -> Saga:
    return read_saga([line.strip() for line in diagram.splitlines() if line.strip()])


def test_a_diagram_that_agrees_with_the_pacts_passes():
    assert problems(drawn(DIAGRAM), PACTS) == []


def test_a_wrong_path_answer_event_or_queue_is_named():
    wrong = (
        DIAGRAM.replace("POST /reservations", "POST /reservation")
        .replace("order.placed, payments.order.placed", "order.placed, payments.placed")
        .replace("orders-)events: order.placed", "orders-)events: order.created")
    )

    assert problems(drawn(wrong), PACTS) == [
        "no pact of orders-catalog has Call(caller='orders', callee='catalog', method='POST', "
        "path='/reservation', status=201)",
        "orders publishes no order.created on domain-events",
        "Delivery(consumer='payments', event_type='order.placed', queue='payments.placed') is "
        "not the queue the chassis declares",
        "order.placed is delivered but nobody publishes it",
    ]


def test_an_event_a_service_consumes_that_is_not_drawn_is_named():
    missing = DIAGRAM.replace("events-)payments: order.placed, payments.order.placed", "")

    assert problems(drawn(missing), PACTS) == ["payments consumes order.placed: not drawn"]
