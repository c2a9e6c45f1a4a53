"""The OpenAPI document says what an error really is: a ProblemDetails, as application/problem+json.

FastAPI puts a declared response's schema under the route's own media type (application/json):
a client or a fuzzer driven by the schema would then never check an error's body against it.
"""

from typing import Any

from fastapi import FastAPI

from chassis.errors import PROBLEM_JSON, RETRY_AFTER_SECONDS, ProblemDetails

PROBLEM_SCHEMA = {"$ref": "#/components/schemas/ProblemDetails"}
RETRY_AFTER = {
    "Retry-After": {
        "description": f"Seconds to wait before trying again ({RETRY_AFTER_SECONDS}).",
        "required": True,
        "schema": {"type": "integer", "minimum": 0},
    }
}
# Declared on every route (`FastAPI(responses=...)`): the document shows the real error format,
# and not FastAPI's default 422 validation schema. Any route may answer 503 (its database or a
# service it calls down, or the service not ready), always with Retry-After (chassis.errors).
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    "4XX": {"model": ProblemDetails, "description": "A problem."},
    "503": {
        "model": ProblemDetails,
        "description": "Not available for now: try again after Retry-After seconds.",
        "headers": RETRY_AFTER,
    },
    "5XX": {"model": ProblemDetails, "description": "A problem."},
}


def is_error(status: str) -> bool:
    """'4XX', '404', '5XX', '503': an error; '200', '2XX', 'default': not one."""
    return status[:1] in ("4", "5")


def problems_as_problem_json(document: dict[str, Any]) -> dict[str, Any]:
    """The document with every error response's schema under application/problem+json only."""
    for path_item in document.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict):  # a path's own parameters, were there any
                continue
            for status, response in operation.get("responses", {}).items():
                if not is_error(status):
                    continue
                content = response.setdefault("content", {})
                declared = content.pop("application/json", {}).get("schema")
                served = content.get(PROBLEM_JSON, {}).get("schema")
                # An error declared with no schema of its own is still served as a problem.
                content[PROBLEM_JSON] = {"schema": declared or served or PROBLEM_SCHEMA}
    return document


def install_problem_openapi(app: FastAPI) -> None:
    """Make the app's OpenAPI document (its /openapi.json) declare problems as they are served."""
    generate = app.openapi  # FastAPI's, which keeps what it made in app.openapi_schema

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = problems_as_problem_json(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  (FastAPI's documented way)
