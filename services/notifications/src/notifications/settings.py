"""The notifications service's settings, read from NOTIFICATIONS_* environment variables."""

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything the service reads from its environment; nothing else reads the environment."""

    model_config = SettingsConfigDict(env_prefix="NOTIFICATIONS_", frozen=True)

    database_url: str = Field(description="SQLAlchemy URL of the service's own database.")
    # Connecting and every statement (lock waits included) give up after this: a 503 or a
    # requeue rather than a request or a delivery that hangs.
    database_timeout_seconds: float = Field(default=5.0, gt=0)
    # Bearer token -> the scopes it grants, e.g. {"t0ken": ["notifications:read"]}.
    api_tokens: dict[str, frozenset[str]] = Field(default_factory=dict)

    broker_url: str = Field(description="AMQP URL of the RabbitMQ broker.")
    events_exchange: str = "domain-events"
    # Tests set a prefix of their own so that they never share queues on one broker.
    queue_prefix: str = "notifications"

    users_url: str = Field(description="Base URL of the users service.")
    users_token: str = Field(description="Bearer token for the users service (users:read).")
    # A users service that does not answer in time is treated as down: the message is retried.
    users_timeout_seconds: float = Field(default=2.0, gt=0)
