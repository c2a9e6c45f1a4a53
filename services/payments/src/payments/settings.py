"""The payments service's settings, read from PAYMENTS_* environment variables."""

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything the service reads from its environment; nothing else reads the environment."""

    model_config = SettingsConfigDict(env_prefix="PAYMENTS_", frozen=True)

    database_url: str = Field(description="SQLAlchemy URL of the service's own database.")
    # Connecting and every statement are bounded by this: a slow database becomes a 503.
    database_timeout_seconds: float = Field(default=5.0, gt=0)
    # Bearer token -> the scopes it grants, e.g. {"t0ken": ["payments:read"]}.
    api_tokens: dict[str, frozenset[str]] = Field(default_factory=dict)

    broker_url: str = Field(description="AMQP URL of the RabbitMQ broker.")
    events_exchange: str = "domain-events"
    # Tests set a prefix of their own so that they never share queues on one broker.
    queue_prefix: str = "payments"
    # How long the outbox relay sleeps when there is nothing to publish.
    outbox_poll_seconds: float = Field(default=0.5, gt=0)

    # The payment rule: an order above this total is declined (100000 cents = 1000.00).
    limit_cents: int = Field(default=100_000, ge=0)
