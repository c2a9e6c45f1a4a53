"""What a scenario's stream of orders came to, counted from the services' public APIs.

Lost: an order acknowledged (201) that orders does not know, an order never final, a final
order without its payment or its notification, stock not given back. Duplicated: a second
payment or notification for one order, stock taken twice. Both must be zero.
"""

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

import httpx
from system import System

FINAL = ("CONFIRMED", "CANCELLED")


@dataclass
class Tally:
    scenario: str
    seconds: float = 0.0
    recovered: float = 0.0  # from the fault mended to every count settled
    felt: str = ""  # what showed the fault had effect, as the scenario observed it
    # Placings by phase (before the fault, during it, after the repair): attempts, 201s, ...
    phases: dict[str, dict[str, int]] = field(default_factory=dict)
    # The placings after the repair: all accepted and final within `bound` seconds?
    after_repair: dict[str, float] = field(default_factory=dict)
    drain_seconds: float | None = None  # a backlog's, from the consumer started to its last
    attempts: int = 0
    acknowledged: list[str] = field(default_factory=list)  # 201s
    refused: int = 0  # 503 problems
    failed: int = 0  # no answer (connection refused or reset): not placed, as far as we know
    confirmed: int = 0
    cancelled: int = 0
    payments: int = 0
    notifications: int = 0
    stock_taken: int = 0  # initial - stock now
    stock_expected: int = 0  # sum of the confirmed orders' quantities
    dead_letters: int = 0
    lost: dict[str, list[str]] = field(default_factory=dict)
    duplicated: dict[str, list[str]] = field(default_factory=dict)

    def lose(self, what: str, item: Any) -> None:
        self.lost.setdefault(what, []).append(str(item))

    def duplicate(self, what: str, item: Any) -> None:
        self.duplicated.setdefault(what, []).append(str(item))

    def count(
        self, system: System, user_id: str, sku: str, initial: int, queues: dict[str, int]
    ) -> None:
        """Every count, once the orders are final (the caller waited for that)."""
        known = {order["id"]: order for order in orders_of(system, user_id)}
        for order_id in self.acknowledged:
            if order_id not in known:
                self.lose("acknowledged order", order_id)
        statuses = Counter(order["status"] for order in known.values())
        self.confirmed, self.cancelled = statuses["CONFIRMED"], statuses["CANCELLED"]
        for order_id, order in known.items():
            if order["status"] not in FINAL:
                self.lose("final state", f"{order_id} still {order['status']}")
        notified = Counter(
            item["order_id"]
            for item in every_item(system.notifications, "/notifications", user_id=user_id)
        )
        self.notifications = sum(notified.values())
        for order_id, order in known.items():
            paid = system.payments_for(order_id)
            self.payments += len(paid)
            if not paid:
                self.lose("payment", order_id)
            elif len(paid) > 1:
                self.duplicate("payment", f"{order_id} x{len(paid)}")
            if order["status"] in FINAL:
                if notified[order_id] == 0:
                    self.lose("notification", order_id)
                elif notified[order_id] > 1:
                    self.duplicate("notification", f"{order_id} x{notified[order_id]}")
        for order_id in set(notified) - set(known):
            self.duplicate("notification of an unknown order", order_id)
        self.stock_expected = units(known.values(), sku, ("CONFIRMED",))
        self.stock_taken = initial - system.stock(sku)
        # Orders never final still hold their stock: already counted lost, not taken twice.
        held = units(known.values(), sku, [s for s in statuses if s not in FINAL])
        if self.stock_taken > self.stock_expected + held:
            excess = self.stock_taken - self.stock_expected - held
            self.duplicate("stock taken", f"{excess} units")
        elif self.stock_taken < self.stock_expected:
            self.lose("stock taken", f"{self.stock_expected - self.stock_taken} units")
        self.dead_letters = sum(n for name, n in queues.items() if name.endswith(".dead-letter"))
        if self.dead_letters:
            self.lose("dead-lettered event", f"{self.dead_letters} messages")
        for name, n in queues.items():
            if n and not name.endswith(".dead-letter"):
                self.lose("event left in a queue", f"{name}: {n}")

    def lines(self) -> list[str]:
        lost = sum(len(v) for v in self.lost.values())
        duplicated = sum(len(v) for v in self.duplicated.values())
        after = self.after_repair
        drained = "" if self.drain_seconds is None else f"; drained in {self.drain_seconds:.1f} s"
        return [
            f"{self.scenario}: {self.seconds:.1f} s (settled {self.recovered:.1f} s after the "
            f"fault ended), {self.attempts} placings: "
            f"{len(self.acknowledged)} acknowledged, {self.refused} refused (503), "
            f"{self.failed} unanswered; {self.confirmed} CONFIRMED, {self.cancelled} CANCELLED; "
            f"{self.payments} payments, {self.notifications} notifications; stock taken "
            f"{self.stock_taken} (confirmed {self.stock_expected}); "
            f"{self.dead_letters} dead letters",
            f"    felt: {self.felt or '-'}{drained}",
            f"    phases: {self.phases}",
            f"    after the repair: {after.get('accepted', 0):.0f} of {after.get('placed', 0):.0f} "
            f"accepted, {after.get('final', 0):.0f} final, the slowest in "
            f"{after.get('slowest_final', 0):.2f} s (bound {after.get('bound', 0):.0f} s)",
            f"    lost {lost}: {self.lost or '-'}",
            f"    duplicated {duplicated}: {self.duplicated or '-'}",
        ]

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "acknowledged": len(self.acknowledged)}


def units(orders: Iterable[dict[str, Any]], sku: str, statuses: Collection[str]) -> int:
    """Units of `sku` in the orders whose status is one of `statuses`."""
    return sum(
        line["quantity"]
        for order in orders
        if order["status"] in statuses
        for line in order["lines"]
        if line["sku"] == sku
    )


def every_item(client: httpx.Client, path: str, **params: str) -> list[dict[str, Any]]:
    """Every item of a list route, page after page (a page holds 100 at most), once each.

    The routes list newest first: an item added between two pages (the stream still placing)
    shifts the later pages by one, so an item at a page's edge comes twice and none is missed;
    it is kept once, by its id (two records of one order have two ids, and still count twice).
    """
    found: dict[str, dict[str, Any]] = {}
    offset, previous = 0, None
    while True:
        response = client.get(path, params={**params, "limit": 100, "offset": offset})
        assert response.status_code == 200, response.text
        page = response.json()["items"]
        # A route that ignored the offset would give the first page for ever.
        assert not page or page != previous, f"{path} repeats a page: offset ignored?"
        found.update((item["id"], item) for item in page if item["id"] not in found)
        offset, previous = offset + len(page), page
        if len(page) < 100:
            return list(found.values())


def orders_of(system: System, user_id: str) -> list[dict[str, Any]]:
    return every_item(system.orders, "/orders", user_id=user_id)
