"""Real outages with orders in flight: felt, recovered from, nothing lost, nothing applied twice.

Each scenario (scenario.py) places a stream of orders, breaks one piece of the running stack in
the middle of it, repairs it, and counts from the public APIs and the broker (tally.py). Each
test asserts three things: the fault was felt (what it observably did to a request or a
delivery, named in its `judge(..., felt=)`), the orders placed after the repair were all
accepted and final within RECOVERED_WITHIN, and nothing was lost or applied twice.
"""

import time
from collections import Counter
from datetime import UTC, datetime

import pytest
from polling import eventually
from scenario import WAITED_SECONDS, Run, judge, run_scenario
from stack import SCALED, Stack
from system import SERVICES, System
from tally import every_item


def all_ready(system: System) -> None:
    """Wait until every service says it is ready: its database answers, its consumers are on."""

    def ready() -> None:
        for name in SERVICES:
            response = getattr(system, name).get("/health/ready")
            assert response.status_code == 200, f"{name}: {response.text}"

    eventually(ready, timeout=60, every=0.5)


def waited(run: Run) -> str:
    """Felt by the deliveries: orders acknowledged during the fault, not final at the repair."""
    assert run.waited, "every order placed during the fault became final: no delivery waited"
    acknowledged = sum(p.status == 201 for p in run.during())
    return (
        f"{len(run.waited)} of the {acknowledged} orders acknowledged during it waited (not "
        f"final {WAITED_SECONDS:.0f} s and more after placing, at the repair)"
    )


def test_the_broker_stopped_and_started_in_the_middle_of_the_stream(system, stack, tallies):
    run = run_scenario(
        "broker stopped",
        system,
        stack,
        tallies,
        fault=lambda: stack.run("stop", "broker"),
        # Repaired once every service's consumers are back on it (their back-off is up to 8 s).
        mend=lambda: (stack.run("start", "broker"), all_ready(system)),
    )
    judge(run, felt=waited(run))


def test_a_consumers_database_restarted_while_its_messages_flow(system, stack, tallies):
    run = run_scenario(
        "payments' database restarted",
        system,
        stack,
        tallies,
        # Postgres' fast shutdown (SIGINT: sessions ended now), down for a few seconds, started
        # again. `docker compose restart` sends SIGTERM, a smart shutdown that waits for the
        # service's pooled sessions, so they would go on working until Docker's SIGKILL.
        fault=lambda: stack.run("kill", "--signal", "SIGINT", "payments-db"),
        mend=lambda: (stack.run("start", "payments-db"), all_ready(system)),
    )
    judge(run, felt=waited(run))


def test_orders_killed_and_started_again(system, stack, tallies):
    run = run_scenario(
        "orders SIGKILLed",
        system,
        stack,
        tallies,
        fault=lambda: stack.run("kill", "--signal", "SIGKILL", "orders"),
        mend=lambda: stack.wait_healthy(["orders"]),
    )
    unanswered = sum(p.status is None for p in run.during())
    assert unanswered, "every placing during the fault was answered: orders was not down"
    judge(run, felt=f"{unanswered} placings during it unanswered (connection refused)")


def test_a_consumer_killed_and_started_again(system, stack, tallies):
    run = run_scenario(
        "payments SIGKILLed",
        system,
        stack,
        tallies,
        fault=lambda: stack.run("kill", "--signal", "SIGKILL", "payments"),
        mend=lambda: stack.wait_healthy(["payments"]),
    )
    judge(run, felt=waited(run))


def test_every_event_published_again(system, stack, tallies):
    """At least once: what a relay killed after publishing and before marking does, for all.

    Every row orders' and payments' relays have published is marked unpublished again in their
    databases, so both publish each order.placed, payment.succeeded and payment.failed a second
    time while the stream goes on: each consumer's inbox must apply each event once.
    """

    marked: dict[str, int] = {}

    def publish_again() -> None:
        for database in ("orders", "payments"):
            out = stack.run(
                "exec", "-T", f"{database}-db", "psql", "--username=postgres",
                f"--dbname={database}", "--set=ON_ERROR_STOP=1",
                "--command=UPDATE outbox SET published_at = NULL WHERE published_at IS NOT NULL",
            ).strip()  # fmt: skip
            marked[database] = int(out.removeprefix("UPDATE "))

    run = run_scenario(
        "every event published again",
        system,
        stack,
        tallies,
        fault=publish_again,
        mend=lambda: None,
    )
    # Events were published twice indeed: each relay had published rows, marked again.
    assert set(marked) == {"orders", "payments"}, marked
    assert all(marked.values()), marked
    judge(run, felt=f"rows published again: {marked}")


@pytest.mark.parametrize("cut", ["paused", "disconnected"])
def test_catalog_hung_or_cut_off(system, stack, tallies, cut):
    catalog = stack.container("catalog")
    network = f"{stack.project}_services"
    answered: list[float] = []
    placed = system.create_user()

    def break_catalog() -> None:
        if cut == "paused":
            stack.docker("pause", catalog)
        else:
            stack.docker("network", "disconnect", network, catalog)

    def mend() -> None:
        if cut == "paused":
            stack.docker("unpause", catalog)
        else:
            stack.docker("network", "connect", "--alias", "catalog", network, catalog)

    def other_routes_answer() -> None:
        # Meanwhile orders' reads do not wait on catalog.
        for _ in range(3):
            started = time.monotonic()
            response = system.orders.get("/orders", params={"user_id": placed["id"]})
            assert response.status_code == 200, response.text
            answered.append(time.monotonic() - started)

    run = run_scenario(
        f"catalog {cut}",
        system,
        stack,
        tallies,
        fault=break_catalog,
        mend=mend,
        during=other_routes_answer,
    )
    refused = sum(p.status == 503 for p in run.during())
    assert refused, "no placing met the broken catalog"
    assert not run.stream.slow_refusals, f"503s slower than 6 s: {run.stream.slow_refusals}"
    assert max(answered) < 1.0, answered
    judge(run, felt=f"{refused} placings during it refused (503 problem+json)")


# Longer than the relays' 2 s blocked-publish timeout in this stack (stack.py), so that they
# give up at least once while it lasts.
ALARM_SECONDS = 6.0


def test_the_brokers_memory_alarm_blocks_publishers_with_orders_in_flight(system, stack, tallies):
    """RabbitMQ short of memory blocks every publishing connection until the alarm clears.

    The relays' publishes give up after their timeout and are tried again (the outbox keeps the
    events); the API goes on taking orders, which become final once the alarm is lifted.
    """
    since = datetime.now(UTC).isoformat()
    run = run_scenario(
        "memory alarm (publishers blocked)",
        system,
        stack,
        tallies,
        fault=lambda: stack.rabbitmqctl("set_vm_memory_high_watermark", "0"),
        mend=lambda: stack.rabbitmqctl("set_vm_memory_high_watermark", "0.4"),
        fault_seconds=ALARM_SECONDS,
    )
    during = run.during()
    accepted = sum(p.status == 201 for p in during)
    assert accepted == len(during) > 0, f"the API did not take every order meanwhile: {during}"
    gave_up = stack.logs("orders", since).count("ConnectionBlockedTimeout")
    assert gave_up, "orders' relay never gave up a blocked publish: it was not blocked, or hung"
    judge(run, felt=f"{waited(run)}; orders' relay gave up {gave_up} blocked publishes")


BACKLOG = 5_000
BACKLOG_QUEUE = "notifications.order.confirmed"
# Orders' outbox gets BACKLOG order.confirmed events for one user (as if confirmed while
# notifications was down): orders' own relay publishes them, the real path.
CONFIRMED_EVENTS = """
WITH events AS (
    SELECT gen_random_uuid() AS id, gen_random_uuid() AS order_id FROM generate_series(1, {count})
)
INSERT INTO outbox (id, type, payload)
SELECT id, 'order.confirmed', jsonb_build_object(
    'id', id, 'type', 'order.confirmed', 'version', '1.0', 'occurred_at', now(),
    'data', jsonb_build_object('order_id', order_id, 'user_id', '{user_id}', 'total_cents', 100)
) FROM events
RETURNING payload #>> '{{data,order_id}}'
"""


def test_a_backlog_of_events_for_a_consumer_that_was_down(system, stack, tallies):
    """Notifications stopped while 5,000 events queue for it, then started: each applied once."""
    recipient = system.create_user()
    order_ids: list[str] = []
    queued: list[int] = []
    drain: dict[str, float] = {}
    depths: list[tuple[float, int]] = []  # (seconds since started, messages left) while draining

    def pile_up() -> None:
        stack.run("stop", "notifications")
        out = stack.run(
            "exec", "-T", "orders-db", "psql", "--username=postgres", "--dbname=orders",
            "--set=ON_ERROR_STOP=1", "--quiet", "--tuples-only", "--no-align",
            f"--command={CONFIRMED_EVENTS.format(count=BACKLOG, user_id=recipient['id'])}",
            "--command=SELECT pg_notify('outbox', '')",
        )  # fmt: skip
        order_ids.extend(line for line in out.split() if len(line) == 36)
        assert len(order_ids) == BACKLOG, out[-500:]

        def piled() -> None:
            queued.append(stack.queues()[BACKLOG_QUEUE])
            assert queued[-1] >= BACKLOG, f"{queued[-1]} queued"

        eventually(piled, timeout=180, every=2)

    def start() -> None:
        drain["started"] = time.monotonic()
        stack.wait_healthy(["notifications"])

    def drained() -> None:
        # Felt first: with nothing queued there is no backlog to drain.
        assert queued, "nothing queued for notifications while it was stopped"
        assert max(queued) >= BACKLOG, queued

        # Every 2 s (each look starts an Erlang VM in the broker's container): to within 2 s.
        def empty() -> None:
            left = stack.queues()[BACKLOG_QUEUE]
            depths.append((round(time.monotonic() - drain["started"], 1), left))
            assert left == 0

        eventually(empty, timeout=600, every=2)
        drain["seconds"] = time.monotonic() - drain["started"]

    run = run_scenario(
        f"backlog of {BACKLOG} events (notifications stopped)",
        system,
        stack,
        tallies,
        fault=pile_up,
        mend=start,
        after_mend=drained,
        fault_seconds=0,
        deadline=120,
    )
    tally = run.tally
    tally.drain_seconds = drain.get("seconds")
    received = Counter(
        item["order_id"]
        for item in every_item(system.notifications, "/notifications", user_id=recipient["id"])
    )
    for order_id in set(order_ids) - set(received):
        tally.lose("backlog notification", order_id)
    for order_id, times in received.items():
        if times > 1 or order_id not in order_ids:
            tally.duplicate("backlog notification", f"{order_id} x{times}")
    judge(
        run,
        felt=f"{max(queued)} events queued for notifications while it was stopped; "
        f"left in its queue after its start (s, messages): {depths}",
    )


def test_two_replicas_of_payments_and_of_notifications_one_of_each_killed(system, stack, tallies):
    """Each queue has two consumers; one replica of each service SIGKILLed mid-stream."""
    queues = ("payments.order.placed", BACKLOG_QUEUE, "notifications.order.cancelled")
    stack.scale(dict.fromkeys(SCALED, 2))
    try:
        stack.follow(system)
        consumers: dict[str, list[int]] = {}
        eventually(lambda: consumers_are(stack, queues, 2), timeout=60, every=1)

        def kill_second_replicas() -> None:
            for service in SCALED:
                stack.docker("kill", "--signal", "KILL", stack.replicas(service)[1])

        def the_broker_noticed() -> None:
            consumers.update({q: [2, n] for q, n in consumers_are(stack, queues, 1).items()})

        run = run_scenario(
            "two replicas, one of each SIGKILLed",
            system,
            stack,
            tallies,
            fault=kill_second_replicas,
            during=lambda: eventually(the_broker_noticed, timeout=30, every=0.5),
            mend=lambda: None,  # the survivors carry on
        )
    finally:
        stack.scale(dict.fromkeys(SCALED, 1))
        stack.follow(system)
    judge(run, felt=f"consumers per queue, before -> after the kill: {consumers}")


def consumers_are(stack: Stack, queues: tuple[str, ...], count: int) -> dict[str, int]:
    consumers = stack.queues("consumers")
    assert all(consumers[q] == count for q in queues), consumers
    return {q: consumers[q] for q in queues}
