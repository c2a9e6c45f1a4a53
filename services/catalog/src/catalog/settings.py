"""The catalog service's settings, read from CATALOG_* environment variables."""

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything the service reads from its environment; nothing else reads the environment."""

    model_config = SettingsConfigDict(env_prefix="CATALOG_", frozen=True)

    database_url: str = Field(description="SQLAlchemy URL of the service's own database.")
    # A database that does not answer (or a row lock not granted) in time is a 503, not a hang.
    database_timeout_seconds: float = Field(default=5.0, gt=0)
    # Bearer token -> the scopes it grants, e.g. {"t0ken": ["catalog:read", "catalog:reserve"]}.
    api_tokens: dict[str, frozenset[str]] = Field(default_factory=dict)

    broker_url: str = Field(description="AMQP URL of the RabbitMQ broker.")
    events_exchange: str = "domain-events"
    # Tests set a prefix of their own so that they never share queues on one broker.
    queue_prefix: str = "catalog"
