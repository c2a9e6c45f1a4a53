"""The catalog service's settings, read from CATALOG_* environment variables."""

from pydantic_settings import SettingsConfigDict

from chassis.settings import MessagingSettings


class Settings(MessagingSettings):
    """Everything the service reads from its environment; nothing else reads the environment."""

    model_config = SettingsConfigDict(env_prefix="CATALOG_", frozen=True)

    queue_prefix: str = "catalog"
