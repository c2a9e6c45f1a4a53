"""What the chassis' RabbitPublisher hands the broker, kept instead of sent: no broker needed."""

from dataclasses import dataclass

import pika


@dataclass(frozen=True)
class Sent:
    """One `basic_publish`: what the broker would have been handed."""

    exchange: str
    routing_key: str
    body: bytes
    properties: pika.BasicProperties
    mandatory: bool


class RecordingConnection:
    """A pika connection, and its channel, that keeps what is published instead of sending it.

    Handed to the chassis' RabbitPublisher as its `connect`, it shows what the real publisher
    makes of an event (exchange, routing key, body, properties), with no broker and no copy of
    the publisher's rules in the test.
    """

    is_open = True

    def __init__(self) -> None:
        self.sent: list[Sent] = []

    def __call__(self, parameters: pika.URLParameters) -> "RecordingConnection":
        return self

    def channel(self) -> "RecordingConnection":
        return self

    def basic_publish(
        self,
        exchange: str,
        routing_key: str,
        body: bytes,
        properties: pika.BasicProperties,
        mandatory: bool = False,
    ) -> None:
        self.sent.append(Sent(exchange, routing_key, body, properties, mandatory))

    # What the publisher asks of a connection besides: nothing to record.
    def confirm_delivery(self) -> None: ...

    def process_data_events(self, time_limit: float | None = None) -> None: ...

    def close(self) -> None: ...
