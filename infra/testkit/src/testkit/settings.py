"""A service's settings in its tests, where the fixtures, not the URLs, bring the infrastructure."""

from typing import Any, TypeVar

from chassis.settings import MessagingSettings, ServiceSettings

# Never connected to: the app gets its sessions from the kit's `session_factory` (or
# `committing_session_factory`), and its consumers and publishers get the kit's broker URL.
UNUSED_DATABASE_URL = "postgresql+psycopg://unused/unused"
UNUSED_BROKER_URL = "amqp://unused"

S = TypeVar("S", bound=ServiceSettings)


def offline_settings(settings_class: type[S], **values: Any) -> S:
    """Settings whose database (and broker) URLs are placeholders nothing connects to.

    Args:
        settings_class: The service's ``Settings``, a subclass of the chassis' settings.
        **values: The fields the tests care about, e.g. ``api_tokens``; a URL given here wins.

    Returns:
        ``settings_class(database_url=..., [broker_url=...,] **values)``.
    """
    unused = {"database_url": UNUSED_DATABASE_URL}
    if issubclass(settings_class, MessagingSettings):
        unused["broker_url"] = UNUSED_BROKER_URL
    return settings_class(**{**unused, **values})
