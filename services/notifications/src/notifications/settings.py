"""The notifications service's settings, read from NOTIFICATIONS_* environment variables."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from chassis.settings import MessagingSettings


class Settings(MessagingSettings):
    """Everything the service reads from its environment; nothing else reads the environment."""

    model_config = SettingsConfigDict(env_prefix="NOTIFICATIONS_", frozen=True)

    queue_prefix: str = "notifications"

    users_url: str = Field(description="Base URL of the users service.")
    users_token: str = Field(description="Bearer token for the users service (users:read).")
    # A users service that does not answer in time is treated as down: the message is retried.
    users_timeout_seconds: float = Field(default=2.0, gt=0)
