"""The order's rules, free of I/O: its status machine and its total."""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class OrderStatus(StrEnum):
    PENDING = "PENDING"
    CONFIRMED = "CONFIRMED"
    CANCELLED = "CANCELLED"


# Only a pending order moves on; confirmed and cancelled are final.
ALLOWED = {
    OrderStatus.PENDING: {OrderStatus.CONFIRMED, OrderStatus.CANCELLED},
    OrderStatus.CONFIRMED: set(),
    OrderStatus.CANCELLED: set(),
}


class IllegalTransition(Exception):
    """A status change the order's rules forbid, e.g. cancelling a confirmed order."""

    def __init__(self, current: OrderStatus, target: OrderStatus) -> None:
        super().__init__(f"an order cannot go from {current} to {target}")
        self.current = current
        self.target = target


def transition(current: OrderStatus, target: OrderStatus) -> bool:
    """Whether the status changes; False for a repeat (at-least-once delivery makes them common).

    Raises IllegalTransition for any change the rules forbid.
    """
    if current == target:
        return False
    if target not in ALLOWED[current]:
        raise IllegalTransition(current, target)
    return True


@dataclass(frozen=True)
class PricedLine:
    """A line of an order with the unit price the catalog quoted when it was placed."""

    sku: str
    quantity: int
    unit_price_cents: int

    @property
    def subtotal_cents(self) -> int:
        return self.quantity * self.unit_price_cents


def order_total(lines: Iterable[PricedLine]) -> int:
    """The order's total in cents: the sum of quantity x unit price over its lines."""
    return sum(line.subtotal_cents for line in lines)
