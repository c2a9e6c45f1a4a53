"""A RabbitMQ broker the tests may declare their own exchanges and queues on."""

from dataclasses import dataclass

import pika


@dataclass(frozen=True)
class RabbitMQBroker:
    """A running broker, reached through an AMQP URL."""

    url: str

    def connection_parameters(self) -> pika.URLParameters:
        """Connection parameters for pika; short timeouts, since the broker is already up."""
        params = pika.URLParameters(self.url)
        params.socket_timeout = 5
        params.blocked_connection_timeout = 5
        return params

    def connect(self) -> pika.BlockingConnection:
        """A new blocking connection; the caller closes it."""
        return pika.BlockingConnection(self.connection_parameters())
