"""The rule that decides a reservation before any write: unknown SKUs first, then short lines."""

import uuid

import pytest
from catalog.models import Product
from catalog.reservations import check_lines
from catalog.schemas import ReservationCreate

from chassis.errors import BadRequest, Conflict


def in_stock(**stock: int) -> dict[str, Product]:
    return {sku: Product(sku=sku, name=sku, price_cents=100, stock=n) for sku, n in stock.items()}


def asking(**quantities: int) -> ReservationCreate:
    lines = [{"sku": sku, "quantity": quantity} for sku, quantity in quantities.items()]
    return ReservationCreate(order_id=uuid.uuid4(), lines=lines)


def test_lines_within_the_stock_pass_even_when_they_take_all_of_it():
    check_lines(asking(A=2, B=3), in_stock(A=2, B=5))


def test_each_unknown_sku_is_named_by_its_line():
    with pytest.raises(BadRequest) as error:
        check_lines(asking(A=1, X=1, Y=1), in_stock(A=5))

    assert [e.field for e in error.value.errors] == ["lines[1].sku", "lines[2].sku"]


def test_unknown_skus_are_reported_before_short_ones():
    with pytest.raises(BadRequest):
        check_lines(asking(A=9, X=1), in_stock(A=1))


def test_each_short_line_is_named_with_what_is_available():
    with pytest.raises(Conflict) as error:
        check_lines(asking(A=3, B=1, C=7), in_stock(A=2, B=1, C=0))

    assert "A" in error.value.detail
    assert "C" in error.value.detail
    assert [e.field for e in error.value.errors] == ["lines[0].quantity", "lines[2].quantity"]
    assert error.value.errors[0].message == "A: 2 available, 3 asked for"
