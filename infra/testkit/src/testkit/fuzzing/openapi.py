"""Fuzzing a service's API from its own OpenAPI document (schemathesis), in process.

Every operation the document declares is called with generated requests, valid and invalid, as
a caller with a token that grants every scope the routes require; each answer must be documented
(status, content type and body schema, errors included) and none may be a 5xx, except a 503 that
names a service the test took down on purpose. A service's fuzz suite is a few lines
(`tests/fuzz/test_openapi.py`), and its conftest gives the `app` and the `api_token`:

    schema = schemathesis.pytest.from_fixture("api_schema")

    @schema.parametrize()
    def test_every_answer_is_documented(case: Case, unavailable_services: frozenset[str]) -> None:
        answers_as_documented(case, unavailable=unavailable_services)

The fixtures (`api_schema`, `unavailable_services`) and the `--examples` option are the kit's
(`testkit.fuzzing.fixtures`). Only the fuzz suites import this module: it needs `testkit[fuzz]`.
"""

from collections.abc import Collection
from typing import Any

import schemathesis
from fastapi import FastAPI
from schemathesis import Case, CheckContext, CheckFunction, Response
from schemathesis.checks import not_a_server_error

# A fixed seed, derandomized generation and no example database: the same cases every run, so a
# failure in CI happens again on a laptop. `--examples` asks for more of them, not other ones.
SEED = 20_260_101


def openapi_schema(app: FastAPI, *, token: str, examples: int) -> schemathesis.BaseSchema:
    """The app's /openapi.json, loaded through the app itself, its calls sent to it in process.

    Args:
        app: A service's app, made with `chassis.app.create_service_app`.
        token: A bearer token the app knows that grants every scope its routes require (the
            fuzzer should get past the gate); a 403 fails the run, so none can be missing.
        examples: At most this many generated requests per operation and phase (Hypothesis'
            `max_examples`); the coverage phase adds the document's edge cases to them.
    """
    config = schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "headers": {"Authorization": f"Bearer {token}"},
            "generation": {"max-examples": examples, "deterministic": True, "database": "none"},
            "checks": {
                # Off: the services refuse some schema-valid input on purpose, with a documented
                # 400 (a SKU twice in one order, an e-mail at a reserved domain such as .test,
                # an integer written 5.0): rules a JSON schema cannot state, or says otherwise.
                "positive_data_acceptance": {"enabled": False},
            },
        }
    )
    return schemathesis.openapi.from_asgi("/openapi.json", app, config=config)


def answers_as_documented(case: Case, *, unavailable: Collection[str] = ()) -> None:
    """Send the case to the app; fail unless its answer is documented and is no server error.

    Args:
        case: What schemathesis generated for one operation.
        unavailable: The services the test has taken down: a 503 problem naming one of them is
            the documented answer (`chassis.downstream`); any other 5xx is a bug.
    """
    case.call_and_validate(
        # Its own rule of no 5xx replaced by `no_server_error`'s, which knows the 503s a test
        # provoked; every other check of schemathesis' runs, as its configuration says.
        excluded_checks=[not_a_server_error],
        additional_checks=[every_scope_granted, no_server_error(unavailable)],
    )


def every_scope_granted(ctx: CheckContext, response: Response, case: Case) -> None:
    """The check: no 403, since the token grants every scope (a 401 is fine: the fuzzer leaves
    the token out, or spoils it, to see it refused)."""
    assert response.status_code != 403, f"a 403 for a token with every scope: {response.text}"


def no_server_error(unavailable: Collection[str]) -> CheckFunction:
    """The check: no 5xx, but a 503 problem that names one of the `unavailable` services."""

    def no_server_error(ctx: CheckContext, response: Response, case: Case) -> None:
        why = server_error(response.status_code, problem_detail(response), unavailable)
        assert why is None, why

    return no_server_error


def server_error(status: int, detail: str, unavailable: Collection[str]) -> str | None:
    """Why an answer breaks the rule of no 5xx; None when it keeps it.

    A 503 is allowed only when its problem's detail names a service the test took down, in the
    chassis' words (`the catalog service is not available; ...`): a 503 for anything else,
    the service's own database included, is as much a bug here as a 500.
    """
    if status < 500:
        return None
    if status == 503 and any(f"the {service} service " in detail for service in unavailable):
        return None
    down = f" (expected only for {', '.join(sorted(unavailable))}, down)" if unavailable else ""
    return f"a server error: {status} {detail!r}{down}"


def problem_detail(response: Response) -> str:
    """The `detail` of a problem document; the raw body when the answer is none."""
    try:
        document: Any = response.json()
    except ValueError:
        return response.text
    return str(document.get("detail")) if isinstance(document, dict) else response.text
