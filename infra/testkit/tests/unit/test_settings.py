"""offline_settings: placeholder URLs for what the fixtures bring, the tests' own values kept."""

from pydantic_settings import SettingsConfigDict

from chassis.settings import MessagingSettings, ServiceSettings
from testkit.settings import UNUSED_BROKER_URL, UNUSED_DATABASE_URL, offline_settings


class ApiSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="KITTEST_API_", frozen=True)


class EventSettings(MessagingSettings):
    model_config = SettingsConfigDict(env_prefix="KITTEST_EVENTS_", frozen=True)

    queue_prefix: str = "kittest"
    users_url: str


def test_a_service_without_a_broker_gets_a_database_url_nothing_connects_to():
    settings = offline_settings(ApiSettings, api_tokens={"t": frozenset({"x:read"})})

    assert settings.database_url == UNUSED_DATABASE_URL
    assert not hasattr(settings, "broker_url")
    assert settings.api_tokens == {"t": frozenset({"x:read"})}


def test_a_messaging_service_gets_a_broker_url_too_and_keeps_its_own_fields():
    settings = offline_settings(EventSettings, users_url="http://users.invalid")

    assert (settings.database_url, settings.broker_url) == (UNUSED_DATABASE_URL, UNUSED_BROKER_URL)
    assert settings.users_url == "http://users.invalid"
    assert settings.events_exchange == "domain-events"


def test_a_url_the_test_gives_wins_over_the_placeholder():
    settings = offline_settings(EventSettings, broker_url="amqp://elsewhere", users_url="http://u")

    assert settings.broker_url == "amqp://elsewhere"
