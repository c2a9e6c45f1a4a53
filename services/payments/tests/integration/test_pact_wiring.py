"""Payments' message pacts route as RabbitPublisher sends on the real broker (the kit's checks)."""

from payments.settings import Settings

from testkit.pact_wiring import MessagePactChecks


class TestPactWiring(MessagePactChecks):
    provider = "payments-events"
    production_exchange = Settings.model_fields["events_exchange"].default
