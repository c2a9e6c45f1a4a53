"""Which deployed consumers a question needs: those whose consumer tests name a pact with the
service, read from each test module's ``PACT = (consumer, provider)`` without running it."""

import ast
from pathlib import Path

from testkit.deploy.matrix import Version
from testkit.deploy.runs import member_at, owner


def pact_named(test: Path) -> tuple[str, str] | None:
    """The `PACT = (consumer, provider)` a consumer test module names, read, not imported."""
    for node in ast.parse(test.read_text()).body:
        names = [getattr(target, "id", None) for target in getattr(node, "targets", [])]
        if names == ["PACT"]:
            try:
                consumer, provider = ast.literal_eval(node.value)
            except (ValueError, TypeError):  # not two literals: only running it will tell
                return None
            return (consumer, provider) if isinstance(provider, str) else None
    return None


def may_write_pacts_for(tree: Path, version: Version, service: str) -> bool:
    """Whether `version`'s consumer tests may write a pact `service` provides (HTTP or events).

    Its consumer run is needed only then: a deployed consumer with no pact for the service
    says nothing about it. A module whose pact cannot be read so is run, to be sure.
    """
    member = member_at(tree, version.member)
    named = [pact_named(test) for test in member.consumer_tests] if member else []
    return any(pact is None or owner(pact[1], {service}) == service for pact in named)
