"""Payments' message pacts route as RabbitPublisher sends on the real broker (the kit's checks)."""

from payments.settings import Settings

from testkit.checks.pact_wiring import MessagePactChecks


# Its tests are the kit's (testkit/checks/pact_wiring.py, infra/testkit/README.md): this class
# names what they check in this service; `pytest --collect-only` lists them.
class TestPactWiring(MessagePactChecks):
    provider = "payments-events"
    production_exchange = Settings.model_fields["events_exchange"].default
