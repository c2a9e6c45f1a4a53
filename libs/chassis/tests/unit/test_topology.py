"""The topology of docs/events.md: its names, and what the consumer declares on connecting."""

from fakes import RecordingChannel

from chassis.messaging.topology import dead_letter_name, declare_topology, queue_name


def test_one_queue_per_consuming_service_and_event_type_and_one_dead_letter_name_each():
    assert queue_name("payments", "order.placed") == "payments.order.placed"
    assert dead_letter_name("payments") == "payments.dead-letter"


def test_durable_queues_per_event_type_dead_letter_to_the_services_fanout_and_its_queue():
    channel = RecordingChannel()

    declare_topology(
        channel,
        exchange="domain-events",
        queue_prefix="catalog",
        event_types=["order.cancelled", "order.placed"],
    )

    # Not the events exchange: it is shared, not the service's (ensure_events_exchange).
    assert channel.calls == [
        (
            "exchange_declare",
            ("catalog.dead-letter",),
            {"exchange_type": "fanout", "durable": True},
        ),
        ("queue_declare", ("catalog.dead-letter",), {"durable": True}),
        ("queue_bind", ("catalog.dead-letter", "catalog.dead-letter"), {}),
        *[
            call
            for event_type in ("order.cancelled", "order.placed")
            for call in (
                (
                    "queue_declare",
                    (f"catalog.{event_type}",),
                    {
                        "durable": True,
                        "arguments": {"x-dead-letter-exchange": "catalog.dead-letter"},
                    },
                ),
                (
                    "queue_bind",
                    (f"catalog.{event_type}", "domain-events"),
                    {"routing_key": event_type},
                ),
            )
        ],
    ]
