"""The users service's settings, read from USERS_* environment variables."""

from pydantic_settings import SettingsConfigDict

from chassis.settings import ServiceSettings


class Settings(ServiceSettings):
    """Everything the service reads from its environment; nothing else reads the environment."""

    model_config = SettingsConfigDict(env_prefix="USERS_", frozen=True)
