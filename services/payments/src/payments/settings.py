"""The payments service's settings, read from PAYMENTS_* environment variables."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from chassis.settings import PublishingSettings


class Settings(PublishingSettings):
    """Everything the service reads from its environment; nothing else reads the environment."""

    model_config = SettingsConfigDict(env_prefix="PAYMENTS_", frozen=True)

    queue_prefix: str = "payments"

    # The payment rule: an order above this total is declined (100000 cents = 1000.00).
    limit_cents: int = Field(default=100_000, ge=0)
