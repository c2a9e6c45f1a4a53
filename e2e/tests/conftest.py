"""The running system, checked once: every service must answer /health/ready before any journey."""

from collections.abc import Iterator

import pytest
from system import System, not_ready

# The contract layer's pacts of what the journeys read: the contract pipeline runs them by name,
# in an environment with Pact; a run of the journeys (`pytest tests`) leaves them out.
collect_ignore = ["contract"]


@pytest.fixture(scope="session")
def system() -> Iterator[System]:
    if down := not_ready():
        pytest.fail(
            "the system is not ready at " + ", ".join(down) + ": start it with "
            "`docker compose up --build --wait` (or run `nox -s e2e`), or set E2E_<SERVICE>_URL",
            pytrace=False,
        )
    system = System.from_environment()
    yield system
    system.close()
