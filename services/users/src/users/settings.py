"""The users service's settings, read from USERS_* environment variables."""

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything the service reads from its environment; nothing else reads the environment."""

    model_config = SettingsConfigDict(env_prefix="USERS_", frozen=True)

    database_url: str = Field(description="SQLAlchemy URL of the service's own database.")
    # Connecting and every statement give up after this long: a slow database is a 503.
    database_timeout_seconds: float = Field(default=5.0, gt=0)
    # Bearer token -> the scopes it grants, e.g. {"t0ken": ["users:read", "users:write"]}.
    api_tokens: dict[str, frozenset[str]] = Field(default_factory=dict)
