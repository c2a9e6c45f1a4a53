"""What the API accepts: SKUs, names, amounts, and the lines of a reservation."""

import uuid

import pytest
from catalog.schemas import MAX_INTEGER, ProductCreate, ReservationCreate
from pydantic import ValidationError


def product(**overrides):
    return {"sku": "MUG-1", "name": "Mug", "price_cents": 500, "stock": 0, **overrides}


def lines(*skus, quantity=1):
    return [{"sku": sku, "quantity": quantity} for sku in skus]


@pytest.mark.parametrize("sku", ["A", "mug_1-XL", "9" * 64])
def test_a_sku_of_letters_digits_dashes_and_underscores_is_accepted(sku):
    assert ProductCreate(**product(sku=sku)).sku == sku


@pytest.mark.parametrize(
    "sku", ["", "a b", "mug.1", "mug/1", "é", "x" * 65, " A", "A\n", "\u3000A", "A\u00a0"]
)
def test_any_other_sku_is_refused_surrounding_spaces_too_not_trimmed(sku):
    with pytest.raises(ValidationError, match="sku"):
        ProductCreate(**product(sku=sku))


def test_a_name_is_trimmed():
    assert ProductCreate(**product(name="  Mug  ")).name == "Mug"


@pytest.mark.parametrize("name", ["", "   ", "x" * 201, "nul\x00byte"])
def test_a_blank_overlong_or_nul_name_is_refused(name):
    with pytest.raises(ValidationError, match="name"):
        ProductCreate(**product(name=name))


@pytest.mark.parametrize(
    ("field", "value"),
    [("price_cents", 0), ("price_cents", MAX_INTEGER + 1), ("stock", -1), ("stock", 1.5)],
)
def test_amounts_outside_their_range_are_refused(field, value):
    with pytest.raises(ValidationError, match=field):
        ProductCreate(**product(**{field: value}))


@pytest.mark.parametrize("field", ["price_cents", "stock"])
@pytest.mark.parametrize("value", [True, "500", 500.0])
def test_amounts_must_be_integers_not_something_that_converts_to_one(field, value):
    with pytest.raises(ValidationError, match=field):
        ProductCreate.model_validate(product(**{field: value}))


@pytest.mark.parametrize("quantity", [True, "2", 2.0])
def test_a_reserved_quantity_must_be_an_integer(quantity):
    with pytest.raises(ValidationError, match="quantity"):
        ReservationCreate.model_validate(
            {"order_id": str(uuid.uuid4()), "lines": lines("A", quantity=quantity)}
        )


def test_a_reservation_of_fifty_distinct_lines_is_accepted():
    reservation = ReservationCreate(
        order_id=uuid.uuid4(), lines=lines(*(f"S{n}" for n in range(50)))
    )

    assert len(reservation.lines) == 50


@pytest.mark.parametrize(
    "reservation_lines",
    [[], lines(*(f"S{n}" for n in range(51))), lines("A", "B", "A"), lines("A", quantity=0)],
    ids=["none", "51", "a sku twice", "zero quantity"],
)
def test_a_reservation_without_lines_with_too_many_or_repeated_ones_is_refused(reservation_lines):
    with pytest.raises(ValidationError, match="lines"):
        ReservationCreate(order_id=uuid.uuid4(), lines=reservation_lines)
