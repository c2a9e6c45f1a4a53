"""Publishing events to RabbitMQ with publisher confirms: a message is either taken or an error."""

import contextlib
import threading
from collections.abc import Callable
from typing import Protocol

import pika
from pika.adapters.blocking_connection import BlockingChannel
from pika.exceptions import AMQPError

from chassis.messaging.envelope import Envelope, serialize

PERSISTENT = 2
# A broker short of memory or disk blocks every publishing connection (Connection.Blocked) until
# the alarm clears, and the confirm a publish waits for never comes meanwhile. After this long
# blocked, pika drops the connection: the publish is PublishFailed (the outbox keeps the event
# for the next round) instead of a relay hung for as long as the alarm lasts.
BLOCKED_TIMEOUT_SECONDS = 10.0


class PublishFailed(Exception):
    """The broker did not take the message (down, nacked, or no queue bound): try again later."""


class Publisher(Protocol):
    def publish(self, envelope: Envelope) -> None:
        """Hand the event to the broker; PublishFailed unless the broker confirmed it."""
        ...


class RabbitPublisher:
    """Publisher on one lazily opened BlockingConnection, re-opened after any failure.

    `connect` opens the connection; a test may hand in one that records what is published, to
    see exactly what this class sends (exchange, routing key, body, properties) without a broker.
    `blocked_timeout_seconds`: how long a publish may wait on a broker that blocks publishers.
    """

    def __init__(
        self,
        *,
        broker_url: str,
        exchange: str,
        blocked_timeout_seconds: float = BLOCKED_TIMEOUT_SECONDS,
        connect: Callable[[pika.URLParameters], pika.BlockingConnection] = pika.BlockingConnection,
    ) -> None:
        self._parameters = pika.URLParameters(broker_url)
        self._parameters.blocked_connection_timeout = blocked_timeout_seconds
        self._exchange = exchange
        self._connect = connect
        self._connection: pika.BlockingConnection | None = None
        self._channel: BlockingChannel | None = None
        # pika connections are not thread-safe; one publish at a time.
        self._lock = threading.Lock()

    def publish(self, envelope: Envelope) -> None:
        properties = pika.BasicProperties(
            content_type="application/json",
            delivery_mode=PERSISTENT,
            message_id=str(envelope.id),
            type=envelope.type,
            timestamp=int(envelope.occurred_at.timestamp()),
        )
        with self._lock:
            try:
                # mandatory: a message no queue takes comes back as UnroutableError, not lost.
                self._open_channel().basic_publish(
                    self._exchange,
                    routing_key=envelope.type,
                    body=serialize(envelope),
                    properties=properties,
                    mandatory=True,
                )
            except AMQPError as error:  # refused, lost, nacked, unroutable or blocked too long
                self._discard()
                raise PublishFailed(f"{envelope.type} {envelope.id}: {error!r}") from error

    def _open_channel(self) -> BlockingChannel:
        if self._connection is not None and self._connection.is_open:
            # Lets pika notice a connection the broker dropped while we were idle.
            self._connection.process_data_events(time_limit=0)
        if self._channel is None or not self._channel.is_open:
            self._discard()
            # No check of the exchange: a publish to one that is missing is refused (404), and
            # that is a PublishFailed like any other.
            self._connection = self._connect(self._parameters)
            self._channel = self._connection.channel()
            self._channel.confirm_delivery()
        return self._channel

    def _discard(self) -> None:
        """Forget the connection; the next publish opens a new one."""
        connection, self._connection, self._channel = self._connection, None, None
        if connection is not None and connection.is_open:
            with contextlib.suppress(AMQPError):  # it is being thrown away anyway
                connection.close()

    def close(self) -> None:
        with self._lock:
            self._discard()
