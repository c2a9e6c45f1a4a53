"""The order's rules: only a pending order moves on, a repeat is a no-op, totals add up."""

import pytest
from orders.domain import IllegalTransition, OrderStatus, PricedLine, order_total, transition

PENDING, CONFIRMED, CANCELLED = OrderStatus.PENDING, OrderStatus.CONFIRMED, OrderStatus.CANCELLED


@pytest.mark.parametrize("target", [CONFIRMED, CANCELLED])
def test_a_pending_order_can_be_confirmed_or_cancelled(target):
    assert transition(PENDING, target) is True


@pytest.mark.parametrize("status", list(OrderStatus))
def test_moving_to_the_status_already_held_changes_nothing(status):
    assert transition(status, status) is False


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (CONFIRMED, CANCELLED),
        (CANCELLED, CONFIRMED),
        (CONFIRMED, PENDING),
        (CANCELLED, PENDING),
    ],
)
def test_a_confirmed_or_cancelled_order_is_final(current, target):
    with pytest.raises(IllegalTransition) as raised:
        transition(current, target)

    assert (raised.value.current, raised.value.target) == (current, target)


def test_the_total_is_the_sum_of_quantity_times_unit_price():
    lines = [PricedLine("A", 2, 1250), PricedLine("B", 1, 99), PricedLine("C", 1000, 1)]

    assert order_total(lines) == 2 * 1250 + 99 + 1000


def test_an_order_without_lines_totals_zero():
    assert order_total([]) == 0
