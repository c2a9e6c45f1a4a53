"""pytest fixtures and the option of the fuzz suites (`testkit.fuzzing.openapi`).

A plugin of its own, loaded by `testkit.plugin` in every test process: schemathesis is imported
inside the fixtures, so the other layers' environments need not have it.

    --examples N (or $FUZZ_EXAMPLES): generated requests per operation, 20 unless told
    api_schema: the OpenAPI document of the service's `app`, as the holder of its `api_token`
    unavailable_services: the services a suite took down (none unless its conftest says)
"""

import os
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from fastapi import FastAPI
    from schemathesis import BaseSchema

# Seconds for every suite, on two cores: enough to meet each operation's edge cases (the
# coverage phase adds those whatever the number) and a spread of random requests.
DEFAULT_EXAMPLES = 20


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("fuzz").addoption(
        "--examples",
        type=int,
        default=int(os.environ.get("FUZZ_EXAMPLES", DEFAULT_EXAMPLES)),
        help="Requests generated per API operation by the fuzz suites "
        f"(default: $FUZZ_EXAMPLES or {DEFAULT_EXAMPLES}).",
    )


@pytest.fixture
def api_schema(app: "FastAPI", api_token: str, request: pytest.FixtureRequest) -> "BaseSchema":
    """The OpenAPI document of the service's `app`, fuzzed in process as `api_token`'s holder.

    Both fixtures are the service's own (its tests/fuzz/conftest.py): the app on the kit's
    database, and a token of the app's that grants every scope.
    """
    from testkit.fuzzing.openapi import openapi_schema

    # schemathesis 4.32's `from_fixture` reads and rewrites `item._nodeid`, which pytest 9.2 no
    # longer has (`nodeid` became a property over a structured id): the test gets it back.
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid
    return openapi_schema(app, token=api_token, examples=request.config.getoption("examples"))


@pytest.fixture
def unavailable_services() -> frozenset[str]:
    """The services the app calls that a suite has taken down: none, unless it overrides this."""
    return frozenset()
