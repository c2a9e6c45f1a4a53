"""The event envelope of docs/events.md: one for every event; the payloads are the services' own."""

import uuid
from datetime import UTC, datetime
from typing import Any, TypeVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError


class PoisonMessage(Exception):
    """A message that can never be applied, however often it is retried: it is dead-lettered."""


class Envelope(BaseModel):
    """One event: its id (also the AMQP message_id), type (also the routing key) and payload."""

    model_config = ConfigDict(frozen=True)

    id: uuid.UUID
    type: str = Field(min_length=1)
    occurred_at: AwareDatetime
    data: dict[str, Any]


Payload = TypeVar("Payload", bound=BaseModel)


def new_envelope(type: str, data: BaseModel | dict[str, Any]) -> Envelope:
    """A new event of `type`, decided now."""
    payload = data.model_dump(mode="json") if isinstance(data, BaseModel) else data
    return Envelope(id=uuid.uuid4(), type=type, occurred_at=datetime.now(UTC), data=payload)


def serialize(envelope: Envelope) -> bytes:
    """The envelope as the JSON bytes of a message body."""
    return envelope.model_dump_json().encode()


def parse(body: bytes) -> Envelope:
    """The envelope in a message body; PoisonMessage when it is not JSON or not an envelope."""
    try:
        return Envelope.model_validate_json(body)
    except ValidationError as error:
        raise PoisonMessage(f"not an event envelope: {describe(error)}") from error


def read_payload(envelope: Envelope, model: type[Payload]) -> Payload:
    """The envelope's data as `model`; PoisonMessage naming the field when it does not fit."""
    try:
        return model.model_validate(envelope.data)
    except ValidationError as error:
        raise PoisonMessage(f"{envelope.type} data is not valid: {describe(error)}") from error


def describe(error: ValidationError) -> str:
    """'total_cents: Field required; ...', short enough for an AMQP header."""
    return "; ".join(
        f"{'.'.join(str(part) for part in e['loc']) or 'body'}: {e['msg']}" for e in error.errors()
    )
