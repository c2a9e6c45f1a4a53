"""The consumer: a thread that owns its broker connection and carries out processing's verdicts.

A delivery is acked only after its transaction has committed. A poison message is published to
the dead-letter exchange with the reason in `x-poison-reason`, then acked; a transient failure
(the database or a downstream service down) is requeued after a back-off that grows while
failures last.
"""

import copy
import logging
import threading
from collections.abc import Mapping
from contextlib import suppress

import pika
import pika.exceptions
from pika.adapters.blocking_connection import BlockingChannel
from pika.spec import Basic, BasicProperties
from sqlalchemy.orm import Session, sessionmaker

from chassis.messaging.inbox import Handler, Inbox
from chassis.messaging.processing import Action, process
from chassis.messaging.topology import (
    ORIGINAL_EXCHANGE,
    ORIGINAL_ROUTING_KEY,
    POISON_REASON,
    check,
    dead_letter_name,
    queue_name,
    topology,
)

log = logging.getLogger(__name__)

# Enough of the reason for a human; far below what fits in one AMQP frame of headers.
MAX_REASON_LENGTH = 1000


class Consumer:
    """Consumes the queues of the handlers' event types until `stop()`, reconnecting as needed."""

    def __init__(
        self,
        broker_url: str,
        session_factory: sessionmaker[Session],
        handlers: Mapping[str, Handler],
        *,
        inbox: Inbox,
        exchange: str,
        queue_prefix: str,
        prefetch: int = 10,
        backoff_seconds: float = 0.5,
        max_backoff_seconds: float = 2.0,
    ) -> None:
        self._broker_url = broker_url
        self._session_factory = session_factory
        self._handlers = handlers
        self._inbox = inbox
        self._exchange = exchange
        self._queue_prefix = queue_prefix
        self._prefetch = prefetch
        self._backoff_seconds = backoff_seconds
        # Capped well below the broker's heartbeat timeout (the wait blocks the connection), and
        # short: a broker or database back from an outage is used again within 2 s, not 10.
        self._max_backoff_seconds = max_backoff_seconds
        self._stopping = threading.Event()
        self._connected = threading.Event()
        self._channel: BlockingChannel | None = None
        self._thread: threading.Thread | None = None
        self._transient_failures = 0

    @property
    def is_connected(self) -> bool:
        """True while the topology is there and the queues are being consumed."""
        return self._connected.is_set()

    def start(self) -> None:
        self._stopping.clear()
        self._thread = threading.Thread(
            target=self._run, name=f"consumer:{self._queue_prefix}", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the delivery in hand, close the connection and end the thread."""
        self._stopping.set()
        channel = self._channel
        if channel is not None:
            # pika is not thread-safe: ask the consumer's own thread to stop consuming.
            with suppress(pika.exceptions.AMQPError):
                channel.connection.add_callback_threadsafe(channel.stop_consuming)
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        delay = self._backoff_seconds
        while not self._stopping.is_set():
            try:
                self._consume()
            except pika.exceptions.AMQPError as error:
                log.warning("broker connection failed (%r); reconnecting in %.2f s", error, delay)
            except Exception:
                # Keep the thread alive: a dead consumer would only show as "not ready".
                log.exception("consumer failed; reconnecting in %.2f s", delay)
            if self._connected.is_set():
                delay = self._backoff_seconds  # it was up: start the back-off over
            self._connected.clear()
            if self._stopping.wait(delay):
                break
            delay = min(delay * 2, self._max_backoff_seconds)

    def _consume(self) -> None:
        connection = pika.BlockingConnection(pika.URLParameters(self._broker_url))
        try:
            # The broker's administrator declared them (the compose broker's definitions, or a
            # test's setup): this user may declare nothing, only see that they are there.
            check(
                connection,
                topology(
                    exchange=self._exchange,
                    queue_prefix=self._queue_prefix,
                    event_types=self._handlers,
                ),
            )
            channel = connection.channel()
            # Confirms, so a dead letter is safely stored before its original is acked.
            channel.confirm_delivery()
            channel.basic_qos(prefetch_count=self._prefetch)
            for event_type in self._handlers:
                channel.basic_consume(queue_name(self._queue_prefix, event_type), self._on_message)
            self._channel = channel
            self._connected.set()
            # A stop() that came before self._channel was set could not reach this connection.
            if not self._stopping.is_set():
                channel.start_consuming()
        finally:
            self._channel = None
            if connection.is_open:
                with suppress(pika.exceptions.AMQPError):
                    connection.close()

    def _on_message(
        self,
        channel: BlockingChannel,
        method: Basic.Deliver,
        properties: BasicProperties,
        body: bytes,
    ) -> None:
        verdict = process(self._session_factory, self._inbox, self._handlers, body)
        if verdict.action is Action.REQUEUE:
            self._requeue_later(channel, method, verdict.reason)
            return
        if verdict.action is Action.DEAD_LETTER:
            self._dead_letter(channel, method, properties, body, reason=verdict.reason)
        self._transient_failures = 0
        self._ack(channel, method.delivery_tag)

    def _ack(self, channel: BlockingChannel, delivery_tag: int) -> None:
        channel.basic_ack(delivery_tag)

    def _dead_letter(
        self,
        channel: BlockingChannel,
        method: Basic.Deliver,
        properties: BasicProperties,
        body: bytes,
        *,
        reason: str,
    ) -> None:
        log.warning("dead-lettering message %s: %s", properties.message_id, reason)
        # The original properties (message_id, type, ...) travel with it, plus the reason and
        # where it came from, which a replay (chassis.messaging.dead_letters) publishes it to.
        dead = copy.copy(properties)
        dead.headers = {
            **(properties.headers or {}),
            POISON_REASON: reason[:MAX_REASON_LENGTH],
            ORIGINAL_EXCHANGE: method.exchange,
            ORIGINAL_ROUTING_KEY: method.routing_key,
        }
        dead.delivery_mode = 2  # persistent, whatever the original was: it waits for a human
        channel.basic_publish(
            dead_letter_name(self._queue_prefix), method.routing_key, body, dead, mandatory=True
        )

    def _requeue_later(self, channel: BlockingChannel, method: Basic.Deliver, reason: str) -> None:
        self._transient_failures += 1
        delay = min(
            self._backoff_seconds * 2 ** (self._transient_failures - 1), self._max_backoff_seconds
        )
        log.warning("could not apply the message now (%s); requeueing in %.2f s", reason, delay)
        # Not time.sleep: stop() must not wait out the back-off.
        self._stopping.wait(delay)
        channel.basic_nack(method.delivery_tag, requeue=True)
