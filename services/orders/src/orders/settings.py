"""The orders service's settings, read from ORDERS_* environment variables."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from chassis.settings import PublishingSettings


class Settings(PublishingSettings):
    """Everything the service reads from its environment; nothing else reads the environment."""

    model_config = SettingsConfigDict(env_prefix="ORDERS_", frozen=True)

    queue_prefix: str = "orders"

    users_url: str = Field(description="Base URL of the users service.")
    users_token: str = Field(description="Bearer token for the users service (users:read).")
    catalog_url: str = Field(description="Base URL of the catalog service.")
    catalog_token: str = Field(
        description="Bearer token for the catalog (catalog:read, catalog:reserve)."
    )
    # A dependency that does not answer in time is treated as down: the caller gets a 503.
    http_timeout_seconds: float = Field(default=2.0, gt=0)
