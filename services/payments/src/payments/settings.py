"""The payments service's settings, read from PAYMENTS_* environment variables."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from chassis.settings import MessagingSettings


class Settings(MessagingSettings):
    """Everything the service reads from its environment; nothing else reads the environment."""

    model_config = SettingsConfigDict(env_prefix="PAYMENTS_", frozen=True)

    queue_prefix: str = "payments"
    # The outbox relay publishes at each commit (NOTIFY); it looks anyway this often, for a
    # wake-up that was lost.
    outbox_poll_seconds: float = Field(default=5.0, gt=0)

    # The payment rule: an order above this total is declined (100000 cents = 1000.00).
    limit_cents: int = Field(default=100_000, ge=0)
