"""The one event envelope: made, written, read back, and refused (as poison) when it is not one."""

import json
import uuid
from datetime import UTC, datetime

import pytest
from pydantic import BaseModel, Field, ValidationError

from chassis.messaging.envelope import (
    VERSION,
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


def test_a_new_envelope_is_sent_in_the_current_version():
    body = json.loads(serialize(new_envelope("order.placed", placed())))

    assert body["version"] == VERSION == "1.1"


def test_an_envelope_without_a_version_was_written_before_versions_and_is_read_as_1_0():
    body = {"id": str(uuid.uuid4()), "type": "t", "occurred_at": "2026-01-01T00:00:00Z", "data": {}}

    assert parse(json.dumps(body).encode()).version == "1.0"


def test_a_later_minor_with_fields_this_consumer_does_not_know_is_read_without_them():
    payload = placed()
    body = {
        **json.loads(serialize(new_envelope("order.placed", payload))),
        "version": "1.7",
        "trace_id": "added in 1.3",
        "data": {**payload.model_dump(mode="json"), "currency": "EUR"},
    }

    envelope = parse(json.dumps(body).encode())

    assert envelope.version == "1.7"
    assert read_payload(envelope, Placed) == payload


@pytest.mark.parametrize("version", ["2.0", "0.9", "10.1"])
def test_an_event_of_a_major_this_consumer_does_not_read_is_poison_saying_so(version):
    # A new major may change anything, the envelope too: the version alone is read first.
    body = {"id": "not even a uuid in 2.0", "version": version, "payload": {}}

    with pytest.raises(PoisonMessage) as poison:
        parse(json.dumps(body).encode())

    assert str(poison.value) == f"version {version} is not read here: this consumer reads 1.x"


@pytest.mark.parametrize(
    "version",
    ["1", "1.0.0", "v1.0", "01.0", 1, ""],
    ids=["1", "1.0.0", "v1.0", "01.0", "a number", "empty"],  # "" made the node id [], unnameable
)
def test_a_version_not_major_dot_minor_is_poison_naming_it(version):
    body = json.loads(serialize(new_envelope("order.placed", placed())))

    with pytest.raises(PoisonMessage) as poison:
        parse(json.dumps({**body, "version": version}).encode())

    assert str(poison.value).startswith("not an event envelope: version: ")


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
