"""The event envelope of docs/events.md: one for every event; the payloads are the services' own."""

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any, TypeVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError


class PoisonMessage(Exception):
    """A message that can never be applied, however often it is retried: it is dead-lettered."""


# "MAJOR.MINOR" of the events' schema (envelope and payloads). A minor change only adds fields,
# which consumers ignore; a major one may rename, retype or drop them, so a consumer dead-letters
# an event of a major it does not read, and it is replayed once the consumer is upgraded.
# 1.1: order.confirmed and order.cancelled carry the order's `recipient` (docs/events.md).
MAJOR = 1
VERSION = f"{MAJOR}.1"
# What an event written before versions existed (an outbox row, a dead letter) is read as.
UNVERSIONED = "1.0"
Version = Annotated[str, Field(pattern=r"^(0|[1-9][0-9]{0,5})\.(0|[1-9][0-9]{0,5})$")]


class Envelope(BaseModel):
    """One event: its id (also the AMQP message_id), type (also the routing key) and payload."""

    model_config = ConfigDict(frozen=True)

    id: uuid.UUID
    type: str = Field(min_length=1)
    version: Version = UNVERSIONED
    occurred_at: AwareDatetime
    data: dict[str, Any]


class Versioned(BaseModel):
    """The version alone, read first: a major this consumer does not read may change the rest."""

    version: Version = UNVERSIONED


Payload = TypeVar("Payload", bound=BaseModel)


def new_envelope(type: str, data: BaseModel | dict[str, Any]) -> Envelope:
    """A new event of `type`, decided now, in the current version."""
    payload = data.model_dump(mode="json") if isinstance(data, BaseModel) else data
    return Envelope(
        id=uuid.uuid4(), type=type, version=VERSION, occurred_at=datetime.now(UTC), data=payload
    )


def serialize(envelope: Envelope) -> bytes:
    """The envelope as the JSON bytes of a message body."""
    return envelope.model_dump_json().encode()


def parse(body: bytes) -> Envelope:
    """The envelope in a message body; PoisonMessage when it is not one, or of an unread major."""
    try:
        version = Versioned.model_validate_json(body).version
        if major(version) != MAJOR:
            raise PoisonMessage(
                f"version {version} is not read here: this consumer reads {MAJOR}.x"
            )
        return Envelope.model_validate_json(body)
    except ValidationError as error:
        raise PoisonMessage(f"not an event envelope: {describe(error)}") from error


def major(version: str) -> int:
    """The major of a valid "MAJOR.MINOR" version."""
    return int(version.partition(".")[0])


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
