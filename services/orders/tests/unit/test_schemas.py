"""What POST /orders accepts: 1 to 50 lines, distinct SKUs, quantities from 1 to 1000."""

import uuid

import pytest
from orders.schemas import OrderCreate
from pydantic import ValidationError


def order(lines):
    return {"user_id": str(uuid.uuid4()), "lines": lines}


def refused_fields(payload) -> list[str]:
    with pytest.raises(ValidationError) as raised:
        OrderCreate.model_validate(payload)
    return [".".join(str(part) for part in error["loc"]) for error in raised.value.errors()]


def test_a_valid_order_keeps_its_lines_in_order():
    data = OrderCreate.model_validate(
        order([{"sku": "B-2_x", "quantity": 2}, {"sku": "A", "quantity": 1}])
    )

    assert [(line.sku, line.quantity) for line in data.lines] == [("B-2_x", 2), ("A", 1)]


# The catalog's rule: letters, digits, dashes and underscores; nothing trimmed.
@pytest.mark.parametrize(
    "sku",
    [" A", "A ", "\tA", "A\n", "\u3000A", "A\u00a0", "", "a b", "mug.1", "../x", "x" * 65],
)
def test_a_sku_the_catalog_could_not_hold_is_refused_not_trimmed(sku):
    assert refused_fields(order([{"sku": sku, "quantity": 1}])) == ["lines.0.sku"]


@pytest.mark.parametrize("quantity", [True, "2", 2.0])
def test_a_quantity_must_be_an_integer_not_something_that_converts_to_one(quantity):
    assert refused_fields(order([{"sku": "A", "quantity": quantity}])) == ["lines.0.quantity"]


@pytest.mark.parametrize("quantity", [0, -1, 1001])
def test_a_quantity_outside_1_to_1000_is_refused(quantity):
    assert refused_fields(order([{"sku": "A", "quantity": quantity}])) == ["lines.0.quantity"]


@pytest.mark.parametrize("count", [0, 51])
def test_an_order_needs_1_to_50_lines(count):
    lines = [{"sku": f"SKU-{i}", "quantity": 1} for i in range(count)]

    assert refused_fields(order(lines)) == ["lines"]


def test_a_sku_may_appear_on_one_line_only():
    lines = [{"sku": "A", "quantity": 1}, {"sku": "A", "quantity": 2}]

    assert refused_fields(order(lines)) == ["lines"]


def test_a_user_id_must_be_a_uuid():
    assert refused_fields({"user_id": "42", "lines": [{"sku": "A", "quantity": 1}]}) == ["user_id"]
