"""The consumer: a thread that owns its broker connection and carries out processing's verdicts.

Acks come only after processing has committed; a dead letter is confirmed by the broker before
the original is acked, so a poison message is moved, never lost.
"""

import logging
import threading
from collections.abc import Mapping

import pika
from pika.adapters.blocking_connection import BlockingChannel
from pika.spec import Basic, BasicProperties
from sqlalchemy.orm import Session, sessionmaker

from orders.handlers import Handler
from orders.processing import Action, process
from orders.topology import dead_letter_name, declare_topology, queue_name

log = logging.getLogger(__name__)

MAX_REASON_LENGTH = 500


class Consumer:
    """Consumes the handled event types from the service's queues until stopped."""

    def __init__(
        self,
        broker_url: str,
        session_factory: sessionmaker[Session],
        handlers: Mapping[str, Handler],
        exchange: str,
        queue_prefix: str,
        prefetch: int = 10,
        retry_delay_seconds: float = 0.5,
        max_backoff_seconds: float = 10.0,
    ) -> None:
        self._parameters = pika.URLParameters(broker_url)
        self._session_factory = session_factory
        self._handlers = dict(handlers)
        self._exchange = exchange
        self._queue_prefix = queue_prefix
        self._prefetch = prefetch
        self._retry_delay = retry_delay_seconds
        self._max_backoff = max_backoff_seconds
        self._stopping = threading.Event()
        self._connection: pika.BlockingConnection | None = None
        self._channel: BlockingChannel | None = None
        self._thread: threading.Thread | None = None

    @property
    def is_connected(self) -> bool:
        connection = self._connection
        return connection is not None and connection.is_open

    def start(self) -> None:
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="consumer", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping.set()
        connection = self._connection
        if connection is not None:
            try:
                # pika is not thread-safe: ask the consumer's own thread to stop consuming.
                connection.add_callback_threadsafe(self._stop_consuming)
            except Exception:  # already closing: the consumer's loop sees _stopping anyway
                log.debug("consumer: connection already gone at stop")
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _stop_consuming(self) -> None:
        if self._channel is not None and self._channel.is_open:
            self._channel.stop_consuming()

    def _run(self) -> None:
        backoff = self._retry_delay
        while not self._stopping.is_set():
            try:
                self._consume()
                backoff = self._retry_delay
            except Exception:  # the broker is gone, or worse: reconnect, never die
                log.exception("consumer: connection lost; reconnecting in %.2f s", backoff)
                self._stopping.wait(backoff)
                backoff = min(backoff * 2, self._max_backoff)

    def _consume(self) -> None:
        """One connection's life: declare, consume until stopped or the connection fails."""
        connection = pika.BlockingConnection(self._parameters)
        try:
            channel = connection.channel()
            channel.confirm_delivery()  # a dead letter is acked only once the broker has it
            channel.basic_qos(prefetch_count=self._prefetch)
            declare_topology(
                channel,
                exchange=self._exchange,
                queue_prefix=self._queue_prefix,
                event_types=self._handlers,
            )
            for event_type in self._handlers:
                channel.basic_consume(queue_name(self._queue_prefix, event_type), self._on_message)
            # Connected from here on, for readiness: the queues exist and are consumed.
            self._connection, self._channel = connection, channel
            if not self._stopping.is_set():  # stop() may have come before the channel existed
                channel.start_consuming()
        finally:
            self._connection, self._channel = None, None
            if connection.is_open:
                connection.close()

    def _on_message(
        self,
        channel: BlockingChannel,
        method: Basic.Deliver,
        properties: BasicProperties,
        body: bytes,
    ) -> None:
        verdict = process(self._session_factory, self._handlers, body)
        if verdict.action is Action.REQUEUE:
            log.warning("consumer: %s; requeueing %s", verdict.reason, properties.message_id)
            self._stopping.wait(self._retry_delay)  # give the failure a moment to pass
            channel.basic_nack(method.delivery_tag, requeue=True)
            return
        if verdict.action is Action.DEAD_LETTER:
            log.warning("consumer: dead-lettering %s: %s", properties.message_id, verdict.reason)
            self._dead_letter(channel, properties, body, verdict.reason)
        self._ack(channel, method.delivery_tag)

    def _ack(self, channel: BlockingChannel, delivery_tag: int) -> None:
        channel.basic_ack(delivery_tag)

    def _dead_letter(
        self, channel: BlockingChannel, properties: BasicProperties, body: bytes, reason: str
    ) -> None:
        headers = {**(properties.headers or {}), "x-poison-reason": reason[:MAX_REASON_LENGTH]}
        channel.basic_publish(
            dead_letter_name(self._queue_prefix),
            routing_key=properties.type or "",
            body=body,
            properties=pika.BasicProperties(
                content_type=properties.content_type,
                delivery_mode=2,
                message_id=properties.message_id,
                type=properties.type,
                timestamp=properties.timestamp,
                headers=headers,
            ),
            mandatory=True,
        )
