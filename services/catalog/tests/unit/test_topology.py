"""The topology of docs/events.md, declared on a recording fake channel."""

from catalog.topology import declare_topology


class RecordingChannel:
    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def __getattr__(self, name):
        return lambda *args, **kwargs: self.calls.append((name, args, kwargs))


def test_one_durable_queue_per_event_type_dead_lettering_to_the_services_fanout():
    channel = RecordingChannel()

    declare_topology(
        channel, exchange="domain-events", queue_prefix="catalog", event_types=["order.cancelled"]
    )

    assert channel.calls == [
        ("exchange_declare", ("domain-events",), {"exchange_type": "topic", "durable": True}),
        (
            "exchange_declare",
            ("catalog.dead-letter",),
            {"exchange_type": "fanout", "durable": True},
        ),
        ("queue_declare", ("catalog.dead-letter",), {"durable": True}),
        ("queue_bind", ("catalog.dead-letter", "catalog.dead-letter"), {}),
        (
            "queue_declare",
            ("catalog.order.cancelled",),
            {"durable": True, "arguments": {"x-dead-letter-exchange": "catalog.dead-letter"}},
        ),
        (
            "queue_bind",
            ("catalog.order.cancelled", "domain-events"),
            {"routing_key": "order.cancelled"},
        ),
    ]
