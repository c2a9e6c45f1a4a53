"""Orders' message pacts route as RabbitPublisher sends on the real broker (the kit's checks)."""

from orders.settings import Settings

from testkit.pact_wiring import MessagePactChecks


class TestPactWiring(MessagePactChecks):
    provider = "orders-events"
    production_exchange = Settings.model_fields["events_exchange"].default
