"""The topology of docs/events.md: its names, its definitions, what declaring them does."""

from fakes import RecordingChannel

from chassis.messaging.topology import (
    dead_letter_name,
    declare,
    events_exchange,
    queue_name,
    topology,
)

CATALOG = topology(
    exchange="domain-events",
    queue_prefix="catalog",
    event_types=["order.cancelled", "order.placed"],
)


def test_one_queue_per_consuming_service_and_event_type_and_one_dead_letter_name_each():
    assert queue_name("payments", "order.placed") == "payments.order.placed"
    assert dead_letter_name("payments") == "payments.dead-letter"
    assert CATALOG.queues() == [
        "catalog.dead-letter",
        "catalog.order.cancelled",
        "catalog.order.placed",
    ]


def test_durable_queues_per_event_type_dead_letter_to_the_services_fanout_and_its_queue():
    channel = RecordingChannel()

    declare(channel, CATALOG.definitions())

    # Not the events exchange: it is shared, not the service's (events_exchange).
    dead_lettering = {"x-dead-letter-exchange": "catalog.dead-letter"}
    durable = {"durable": True, "auto_delete": False}
    assert channel.calls == [
        (
            "exchange_declare",
            ("catalog.dead-letter",),
            {"exchange_type": "fanout", **durable, "internal": False, "arguments": None},
        ),
        ("queue_declare", ("catalog.dead-letter",), {**durable, "arguments": None}),
        *[
            ("queue_declare", (f"catalog.{event_type}",), {**durable, "arguments": dead_lettering})
            for event_type in ("order.cancelled", "order.placed")
        ],
        (
            "queue_bind",
            ("catalog.dead-letter", "catalog.dead-letter"),
            {"routing_key": "", "arguments": None},
        ),
        *[
            (
                "queue_bind",
                (f"catalog.{event_type}", "domain-events"),
                {"routing_key": event_type, "arguments": None},
            )
            for event_type in ("order.cancelled", "order.placed")
        ],
    ]


def test_the_events_exchange_is_a_durable_topic_exchange_of_its_own():
    channel = RecordingChannel()

    declare(channel, events_exchange("domain-events"))

    assert channel.calls == [
        (
            "exchange_declare",
            ("domain-events",),
            {
                "exchange_type": "topic",
                "durable": True,
                "auto_delete": False,
                "internal": False,
                "arguments": None,
            },
        )
    ]
