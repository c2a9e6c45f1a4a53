"""One scenario's run: a stream of orders, a fault in the middle of it, the repair, the counts.

A thread places an order every EVERY seconds (a mix that pays and that payments declines); the
fault comes FAULT_AFTER seconds in and lasts its scenario's time; the stream goes on AFTER_MEND
seconds once it is repaired; then, within the deadline, every order must be final and the
broker's queues empty, and the counts are taken from the public APIs and the broker (tally.py).
What proves the scenario is the run's record: which placings fell in which phase, which orders
acknowledged during the fault were still waiting when it was repaired, and how the placings
after the repair fared (each test asserts the evidence its fault leaves).
"""

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import httpx
from polling import eventually
from stack import Stack
from system import System
from tally import FINAL, Tally, orders_of, units

EVERY = 0.15  # seconds between two placings
AFTER_MEND = 2.0  # the stream goes on this long once the fault is repaired, then stops
MOST = 2_000  # placings at most, however long a scenario takes (stock for them all)
PRICE_CENTS = 30_000  # with compose's limit of 1000.00, 1-3 units pay and 4 declines
QUANTITIES = (1, 2, 3, 4)
INITIAL_STOCK = 10_000
FAULT_AFTER = 1.5  # seconds into the stream
FAULT_SECONDS = 4.0  # from the fault in place (its command returned) to its repair
# An order acknowledged during the fault that is still not final this long after its placing,
# when the repair begins, waited for the repair: unfaulted, an order is final in well under a
# second even on a loaded machine (docs/load.md).
WAITED_SECONDS = 2.0
# Once the fault ends: every order final, the broker's queues drained, the holds expired.
DEADLINE = 60.0
# POST /orders during a hung catalog: orders' 2 s reserve timeout, its 2 s release, slack.
REFUSAL_WITHIN = 6.0
# Recovery: every placing after the repair is accepted (201), and final within this long of
# its insert (the database's clock); at least MIN_AFTER_REPAIR of them, or it proves nothing.
RECOVERED_WITHIN = 10.0
MIN_AFTER_REPAIR = 5


@dataclass(frozen=True)
class Placing:
    started: float  # time.monotonic()
    ended: float
    status: int | None  # None: no answer (connection refused or reset)
    order_id: str | None


class Stream:
    """A thread placing an order every EVERY seconds until stopped, keeping every outcome."""

    def __init__(self, system: System, user_id: str, sku: str, tally: Tally) -> None:
        self.system, self.user_id, self.sku, self.tally = system, user_id, sku, tally
        self.placings: list[Placing] = []
        self.slow_refusals: list[float] = []
        self.problems: list[str] = []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._place, daemon=True)

    def _place(self) -> None:
        for n in range(MOST):
            if self.stopped.is_set():
                return
            started = time.monotonic()
            self.tally.attempts += 1
            try:
                response = self.system.place_order(
                    self.user_id, self.sku, QUANTITIES[n % len(QUANTITIES)]
                )
            except httpx.HTTPError:
                self.tally.failed += 1
                self.placings.append(Placing(started, time.monotonic(), None, None))
            else:
                self._keep(started, response)
            time.sleep(max(0.0, EVERY - (time.monotonic() - started)))

    def _keep(self, started: float, response: httpx.Response) -> None:
        ended = time.monotonic()
        took = ended - started
        order_id = None
        if response.status_code == 201:
            order_id = response.json()["id"]
            self.tally.acknowledged.append(order_id)
        elif response.status_code == 503:
            self.tally.refused += 1
            if response.headers["content-type"] != "application/problem+json":
                self.problems.append(f"503 as {response.headers['content-type']}")
            if took > REFUSAL_WITHIN:
                self.slow_refusals.append(took)
        else:
            self.problems.append(f"{response.status_code}: {response.text[:200]}")
        self.placings.append(Placing(started, ended, response.status_code, order_id))

    def __enter__(self) -> "Stream":
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stopped.set()
        self.thread.join(timeout=120)


@dataclass
class Run:
    """What a scenario's run recorded, for its test to judge."""

    tally: Tally
    stream: Stream
    user_id: str
    sku: str
    fault_at: float = 0.0  # the fault's command started
    repaired_at: float = 0.0  # the repair's command returned
    # Orders acknowledged once the fault was in place, placed WAITED_SECONDS or more before
    # the repair began and still not final then: deliveries that waited for the repair.
    waited: list[str] = field(default_factory=list)

    def before(self) -> list[Placing]:
        return [p for p in self.stream.placings if p.ended <= self.fault_at]

    def during(self) -> list[Placing]:
        """The placings in flight at some time between the fault and the end of its repair."""
        placings = self.stream.placings
        return [p for p in placings if p.ended > self.fault_at and p.started < self.repaired_at]

    def after(self) -> list[Placing]:
        return [p for p in self.stream.placings if p.started >= self.repaired_at]


def phase_counts(placings: list[Placing]) -> dict[str, int]:
    return {
        "placed": len(placings),
        "201": sum(p.status == 201 for p in placings),
        "503": sum(p.status == 503 for p in placings),
        "no answer": sum(p.status is None for p in placings),
    }


def not_final(system: System, user_id: str, order_ids: list[str]) -> list[str]:
    statuses = {order["id"]: order["status"] for order in orders_of(system, user_id)}
    return [order_id for order_id in order_ids if statuses.get(order_id) not in FINAL]


def run_scenario(
    name: str,
    system: System,
    stack: Stack,
    tallies: list[Tally],
    fault: Callable[[], None],
    mend: Callable[[], None],
    during: Callable[[], None] = lambda: None,
    after_mend: Callable[[], None] = lambda: None,
    fault_seconds: float = FAULT_SECONDS,
    deadline: float = DEADLINE,
) -> Run:
    """The stream; `fault` after FAULT_AFTER s, `during` while it lasts, `mend`, `after_mend`
    while the stream goes on; then the counts."""
    tally = Tally(name)
    tallies.append(tally)
    started = time.monotonic()
    user = system.create_user()
    product = system.create_product(price_cents=PRICE_CENTS, stock=INITIAL_STOCK)
    with Stream(system, user["id"], product["sku"], tally) as stream:
        run = Run(tally, stream, user["id"], product["sku"])
        time.sleep(FAULT_AFTER)
        run.fault_at = time.monotonic()
        try:
            fault()
            in_place = time.monotonic()
            during()
            time.sleep(max(0.0, fault_seconds - (time.monotonic() - in_place)))
            old_enough = time.monotonic() - WAITED_SECONDS
            acknowledged = [
                p.order_id
                for p in stream.placings[:]
                if p.order_id and in_place <= p.started <= old_enough
            ]
            with contextlib.suppress(httpx.HTTPError):  # orders itself may be the one down
                run.waited = not_final(system, user["id"], acknowledged)
        finally:
            mend()  # whatever failed meanwhile: the next scenario needs the whole stack
            stack.follow(system)  # a service restarted may have the other port of its range
        run.repaired_at = time.monotonic()
        after_mend()
        # Orders placed after the repair too: what restarted takes new work, not only old.
        time.sleep(AFTER_MEND)

    def settled() -> None:
        orders = orders_of(system, user["id"])
        pending = [o["id"] for o in orders if o["status"] not in FINAL]
        assert not pending, f"{len(pending)} orders not final"
        # Holds of placings that failed (no order) are given back after HOLD_SECONDS.
        confirmed = units(orders, product["sku"], ("CONFIRMED",))
        assert INITIAL_STOCK - system.stock(product["sku"]) == confirmed, "stock not settled"
        # Last: each look is a `docker compose exec rabbitmqctl` (an Erlang VM started).
        assert not any(stack.queues().values()), "events still queued"

    with contextlib.suppress(AssertionError):  # the counts below say what is missing
        eventually(settled, timeout=deadline, every=0.5)
    settled_at = time.monotonic()
    tally.count(system, user["id"], product["sku"], INITIAL_STOCK, stack.queues())
    tally.seconds = time.monotonic() - started
    tally.recovered = settled_at - run.repaired_at
    tally.phases = {
        "before": phase_counts(run.before()),
        "during": phase_counts(run.during()),
        "after": phase_counts(run.after()),
    }
    tally.after_repair = recovery(system, user["id"], run.after())
    assert not stream.problems, stream.problems
    return run


def recovery(system: System, user_id: str, after: list[Placing]) -> dict[str, float]:
    """How the placings after the repair fared: accepted, final, the slowest insert to final."""
    orders = {order["id"]: order for order in orders_of(system, user_id)}
    placed = [orders[p.order_id] for p in after if p.order_id in orders]
    final = [o for o in placed if o["status"] in FINAL]
    seconds = [
        (datetime.fromisoformat(o["updated_at"]) - datetime.fromisoformat(o["created_at"]))
        .total_seconds()
        for o in final
    ]  # fmt: skip
    return {
        "placed": len(after),
        "accepted": sum(p.status == 201 for p in after),
        "final": len(final),
        "slowest_final": max(seconds, default=0.0),
        "bound": RECOVERED_WITHIN,
    }


def judge(run: Run, felt: str) -> None:
    """Nothing lost or applied twice; recovered; `felt` says how the fault showed."""
    tally = run.tally
    tally.felt = felt
    assert tally.acknowledged, "no order was placed: the scenario proved nothing"
    assert not tally.lost, f"lost: {tally.lost}"
    assert not tally.duplicated, f"duplicated: {tally.duplicated}"
    after = tally.after_repair
    assert after["placed"] >= MIN_AFTER_REPAIR, f"too few placings after the repair: {after}"
    assert after["accepted"] == after["placed"], f"refused after the repair: {tally.phases}"
    assert after["final"] == after["placed"], f"not final after the repair: {after}"
    assert after["slowest_final"] <= RECOVERED_WITHIN, f"slow after the repair: {after}"
