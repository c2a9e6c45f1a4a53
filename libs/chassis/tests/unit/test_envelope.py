"""The one event envelope: made, written, read back, and refused (as poison) when it is not one."""

import uuid
from datetime import UTC, datetime

import pytest
from pydantic import BaseModel, Field, ValidationError

from chassis.messaging.envelope import (
    Envelope,
    PoisonMessage,
    describe,
    new_envelope,
    parse,
    read_payload,
    serialize,
)


class Line(BaseModel):
    sku: str
    quantity: int = Field(gt=0)


class Placed(BaseModel):
    order_id: uuid.UUID
    lines: list[Line]


def placed() -> Placed:
    return Placed(order_id=uuid.uuid4(), lines=[Line(sku="A-1", quantity=2)])


def test_a_new_envelope_has_a_fresh_id_an_aware_time_and_the_payload_as_json():
    payload = placed()

    first, second = new_envelope("order.placed", payload), new_envelope("order.placed", payload)

    assert first.id != second.id
    assert first.occurred_at.tzinfo is not None
    assert first.data == {
        "order_id": str(payload.order_id),
        "lines": [{"sku": "A-1", "quantity": 2}],
    }


def test_an_envelope_survives_serialize_and_parse_unchanged():
    envelope = new_envelope("order.placed", placed())

    assert parse(serialize(envelope)) == envelope


@pytest.mark.parametrize(
    ("body", "named"),
    [
        (b"", "body"),
        (b'{"id": ', "body"),
        (b'{"id": "42", "type": "t", "occurred_at": "2026-01-01T00:00:00Z", "data": {}}', "id"),
        (b'{"id": "%s", "type": "", "occurred_at": "2026-01-01T00:00:00Z", "data": {}}', "type"),
        (
            b'{"id": "%s", "type": "t", "occurred_at": "2026-01-01T00:00:00", "data": {}}',
            "occurred_at",
        ),
        (b'{"id": "%s", "type": "t", "occurred_at": "2026-01-01T00:00:00Z"}', "data"),
    ],
    ids=["empty", "not JSON", "id not a uuid", "empty type", "naive time", "no data"],
)
def test_a_body_that_is_not_an_envelope_is_poison_naming_what_is_wrong(body, named):
    body = body.replace(b"%s", str(uuid.uuid4()).encode())

    with pytest.raises(PoisonMessage) as poison:
        parse(body)

    assert str(poison.value).startswith("not an event envelope: ")
    assert f"{named}: " in str(poison.value)


def test_the_payload_is_read_as_the_services_own_model():
    payload = placed()

    assert read_payload(new_envelope("order.placed", payload), Placed) == payload


def test_a_payload_that_does_not_fit_is_poison_naming_the_event_type_and_the_field():
    envelope = new_envelope("order.placed", {"order_id": str(uuid.uuid4()), "lines": [{"sku": 1}]})

    with pytest.raises(PoisonMessage) as poison:
        read_payload(envelope, Placed)

    assert str(poison.value) == (
        "order.placed data is not valid: lines.0.sku: Input should be a valid string; "
        "lines.0.quantity: Field required"
    )


def test_describe_names_each_failing_location_or_the_body():
    with pytest.raises(ValidationError) as error:
        Envelope.model_validate_json(b"nonsense")

    assert describe(error.value).startswith("body: Invalid JSON")


def test_an_envelope_cannot_be_changed_once_made():
    envelope = Envelope(id=uuid.uuid4(), type="t", occurred_at=datetime.now(UTC), data={})

    with pytest.raises(ValidationError):
        envelope.type = "u"
