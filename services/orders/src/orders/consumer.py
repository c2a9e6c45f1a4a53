"""The consumer thread: each delivery applied once, in one transaction, acked after the commit."""

import logging
import threading
from collections.abc import Callable, Mapping

import pika
from pika.adapters.blocking_connection import BlockingChannel
from pika.spec import Basic, BasicProperties
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from orders.downstream import DownstreamUnavailable
from orders.events import Envelope, PoisonMessage, parse
from orders.models import ProcessedMessage
from orders.topology import dead_letter_name, declare_topology, queue_name

log = logging.getLogger(__name__)

Handler = Callable[[Session, Envelope], None]
# Failures that may pass: the delivery is requeued, not dead-lettered.
TRANSIENT_ERRORS = (OperationalError, DownstreamUnavailable)
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
        try:
            self._apply(parse(body))
        except PoisonMessage as poison:
            log.warning("consumer: dead-lettering %s: %s", properties.message_id, poison)
            self._dead_letter(channel, properties, body, str(poison))
        except TRANSIENT_ERRORS as error:
            log.warning("consumer: %r; requeueing %s", error, properties.message_id)
            self._stopping.wait(self._retry_delay)
            channel.basic_nack(method.delivery_tag, requeue=True)
            return
        except Exception as error:
            # A bug, not the broker's fault: keep the message for a human, and carry on.
            log.exception("consumer: failed on %s", properties.message_id)
            self._dead_letter(channel, properties, body, f"unexpected error: {error!r}")
        self._ack(channel, method.delivery_tag)

    def _apply(self, envelope: Envelope) -> None:
        """Record the event and apply it in one transaction; a repeat is skipped."""
        handler = self._handlers.get(envelope.type)
        if handler is None:
            raise PoisonMessage(f"no handler for events of type {envelope.type}")
        with self._session_factory() as session, session.begin():
            first_time = session.execute(
                insert(ProcessedMessage)
                .values(id=envelope.id, type=envelope.type)
                .on_conflict_do_nothing()
                .returning(ProcessedMessage.id)
            ).first()
            if first_time is None:
                log.info("consumer: %s %s seen before; skipped", envelope.type, envelope.id)
                return
            handler(session, envelope)

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
