"""A change inside one service's folder: its own suites, its pacts, E2E where it crosses a boundary.

The layers own the bugs as docs/testing-strategy.md says: the service's unit and integration
suites own what happens inside it, its pacts own the shape of what it says to other services,
and E2E owns what only the running system has: compose's environment, the images, the routing
of events between processes.
"""

from collections.abc import Collection, Sequence
from pathlib import PurePosixPath

from evidence.affected.model import Need, Pact

# Files of a service's package that decide what it does across a process boundary.
BOUNDARY = {
    "events.py": "event types are routing keys, and the payloads cross the broker",
    "handlers.py": "the event types it handles are the queues it binds",
    "settings.py": "it reads the environment compose sets",
    "main.py": "the production wiring compose starts",
    "migrate.py": "the container's first command",
}
NO_SUBSET = "the pipeline runs them all: it has no subset option"


def service_needs(
    member: str, inner: str, pacts: Sequence[Pact], available: Collection[str]
) -> list[Need]:
    """Sessions a change to `inner` (a path inside the service's folder) can break."""
    own = [(s, f"{possessive(member)} code") for s in _suites(member, available)]
    contracts = contract_needs(member, pacts)
    top = PurePosixPath(inner).parts[0]
    if inner.startswith("tests/contract/"):
        return contracts or [("contracts", f"{possessive(member)} contract tests")]
    if inner == "Dockerfile":
        return [("e2e", "only compose builds the service's image")]
    if top == "migrations" or inner == "alembic.ini":
        integration = [
            (s, "integration upgrades from empty and compares with the models")
            for s in _suites(member, available)
            if s.startswith("integration(")
        ]
        return integration + contracts
    if top == "src":
        name = PurePosixPath(inner).name
        return own + contracts + ([("e2e", BOUNDARY[name])] if name in BOUNDARY else [])
    if top == "tests":
        # conftest.py and helpers beside the layers' folders: every layer's tests use them.
        shared = f"{possessive(member)} shared test files"
        return [(s, shared) for s in _suites(member, available)] + contracts
    # pyproject.toml, and whatever else: what the service's environments and image are made of.
    return [*own, *contracts, ("e2e", "the service's image is built from it")]


def contract_needs(member: str, pacts: Sequence[Pact]) -> list[Need]:
    """The contracts session, naming the pacts the member consumes and provides, if any."""
    consumes = [p.file for p in pacts if p.consumer == member]
    provides = [p.file for p in pacts if p.provider_member == member]
    if not consumes and not provides:
        return []
    roles = [
        f"{verb} {', '.join(files)}"
        for verb, files in (("consumes", consumes), ("provides", provides))
        if files
    ]
    return [("contracts", f"{member} {', '.join(roles)} ({NO_SUBSET})")]


def pact_needs(name: str, pacts: Sequence[Pact]) -> list[Need]:
    """A committed pact: the contracts, and the wiring test of the events' publisher."""
    found: list[Need] = [("contracts", "the pipeline checks the committed pacts byte for byte")]
    for pact in pacts:
        if pact.file == name and pact.messages:
            why = "its test_pact_wiring holds the pact's routing to the real publisher and broker"
            found.append((f"integration({pact.provider_member})", why))
    return found


def possessive(member: str) -> str:
    """`orders'`, `catalog's`."""
    return f"{member}'" if member.endswith("s") else f"{member}'s"


def _suites(member: str, available: Collection[str]) -> list[str]:
    return [s for s in (f"unit({member})", f"integration({member})") if s in available]
