"""The catalog service's settings, read from CATALOG_* environment variables."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from chassis.settings import MessagingSettings


class Settings(MessagingSettings):
    """Everything the service reads from its environment; nothing else reads the environment."""

    model_config = SettingsConfigDict(env_prefix="CATALOG_", frozen=True)

    queue_prefix: str = "catalog"
    # How long stock reserved for an order is held without order.placed before it comes back.
    # Far longer than orders takes from reserve to commit (seconds), and than the broker
    # outages order.placed should survive: a later one finds the hold expired (catalog.holds).
    hold_seconds: float = Field(default=300.0, gt=0)
    # How often the expiry worker looks for overdue holds.
    expiry_poll_seconds: float = Field(default=5.0, gt=0)
