"""The settings every service reads; a service subclasses them with its own prefix and fields.

    class Settings(MessagingSettings):
        model_config = SettingsConfigDict(env_prefix="PAYMENTS_", frozen=True)
        queue_prefix: str = "payments"
        limit_cents: int = 100_000

Nothing else in a service reads the environment, and only its main.py makes a Settings().
"""

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from chassis.messaging.publisher import BLOCKED_TIMEOUT_SECONDS

# Far above any document the services take (an order of 50 lines is a few kB), far below what
# would tie up a worker; a service's settings may change it (`max_body_bytes`).
MAX_BODY_BYTES = 1024 * 1024


class ServiceSettings(BaseSettings):
    """A service's own database and the bearer tokens it accepts."""

    model_config = SettingsConfigDict(frozen=True)

    database_url: str = Field(description="SQLAlchemy URL of the service's own database.")
    # Connecting, a pooled connection and every statement (lock waits included) give up after
    # this long: a 503 or a requeue, never a request or a delivery that hangs.
    database_timeout_seconds: float = Field(default=5.0, gt=0)
    # Bearer token -> the scopes it grants, e.g. {"t0ken": ["orders:read", "orders:write"]}.
    api_tokens: dict[str, frozenset[str]] = Field(default_factory=dict)
    # A request body larger than this is refused (413) before it is read or parsed.
    max_body_bytes: int = Field(default=MAX_BODY_BYTES, gt=0)


class MessagingSettings(ServiceSettings):
    """... and the broker, for a service that publishes or consumes events."""

    broker_url: str = Field(description="AMQP URL of the RabbitMQ broker.")
    events_exchange: str = "domain-events"
    # The service's name by default (a subclass sets it); tests set a prefix of their own so
    # that they never share queues on one broker.
    queue_prefix: str


class PublishingSettings(MessagingSettings):
    """... and an outbox relay, for a service that publishes events."""

    # The outbox relay publishes at each commit (NOTIFY); it looks anyway this often, for a
    # wake-up that was lost.
    outbox_poll_seconds: float = Field(default=5.0, gt=0)
    # A publish the broker blocks (its memory or disk alarm) fails after this long, and the
    # relay tries again in its next round, instead of hanging while the alarm lasts.
    publish_blocked_timeout_seconds: float = Field(default=BLOCKED_TIMEOUT_SECONDS, gt=0)


class MigrationSettings(BaseSettings):
    """What a service's migrate step reads, and nothing else: the login that owns the schema.

    The running service never reads it: in the compose stack the migrate step is a one-shot
    container of its own (`<service>-migrate`), the only one that holds the migrator's URL, and
    the service, which holds only its app role, starts once it has succeeded.
    """

    model_config = SettingsConfigDict(frozen=True)

    # The migrate step's login, which owns the schema, where the running service's (database_url)
    # may only read and write rows (docker-compose.yml). Unset: the one URL does both.
    migration_database_url: str | None = Field(
        default=None, description="SQLAlchemy URL the migrations log in with (DDL)."
    )
    database_url: str | None = Field(default=None, description="The service's own, else.")

    @property
    def migration_url(self) -> str:
        """The URL the migrate step uses: migration_database_url, else database_url."""
        url = self.migration_database_url or self.database_url
        if url is None:
            raise ValueError("set MIGRATION_DATABASE_URL (or DATABASE_URL), with its prefix")
        return url


def migration_url(env_prefix: str) -> str:
    """The migrate step's URL, from `<env_prefix>MIGRATION_DATABASE_URL` (or `..DATABASE_URL`)."""
    return MigrationSettings(_env_prefix=env_prefix).migration_url
