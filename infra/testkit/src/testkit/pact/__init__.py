"""What Pact suites use: their fixtures, shared matchers, message pacts, the 401/403 states.

Only contract suites need pact-python (`testkit[pact]`); `contracts` reads pact files and
builds a provider's Verifier, and imports pact-python only when it builds one, so the
contract pipeline can read pacts in nox's own process.
"""
