"""Errors as application/problem+json (RFC 9457), with one rule for every kind of failure.

Bad input (a wrong field, malformed JSON, a bad path or query parameter) is a 400 whose `errors`
name each field; a duplicate is a 409, a missing row or an unknown route a 404, a method the path
does not support a 405 (its `Allow` naming those it does), a body over the limit a 413, a
downstream service that is down or slow a 503 (its own database too). Nothing a client sends is
answered with a 500.
"""

import logging
from collections.abc import Callable, Sequence
from http import HTTPStatus
from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException
from starlette.types import Scope

from chassis.downstream import DownstreamUnavailable

PROBLEM_JSON = "application/problem+json"
# Every 503 (a dependency or the database down, the service not ready, overloaded) is worth
# retrying, and says when: clients and proxies honour Retry-After instead of hammering a service
# that is struggling. Two seconds: the bounded timeouts of the calls behind a 503 are about that,
# and so is the consumers' back-off cap (docs/events.md).
RETRY_AFTER_SECONDS = 2

log = logging.getLogger(__name__)


class FieldError(BaseModel):
    field: str
    message: str


class ProblemDetails(BaseModel):
    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    errors: list[FieldError] | None = None


class Problem(Exception):
    """An error the API answers with its status and a problem document."""

    status: ClassVar[int] = 500

    def __init__(self, detail: str, errors: list[FieldError] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors


class BadRequest(Problem):
    status = 400


class Unauthorized(Problem):
    status = 401


class Forbidden(Problem):
    status = 403


class NotFound(Problem):
    status = 404


class Conflict(Problem):
    status = 409


class ServiceUnavailable(Problem):
    status = 503


def problem_response(
    status: int, detail: str | None = None, errors: list[FieldError] | None = None, **headers: str
) -> JSONResponse:
    body = ProblemDetails(
        title=HTTPStatus(status).phrase, status=status, detail=detail, errors=errors
    )
    if status == HTTPStatus.SERVICE_UNAVAILABLE:  # every 503 is made here, so each carries it
        headers.setdefault("Retry-After", str(RETRY_AFTER_SECONDS))
    return JSONResponse(
        body.model_dump(exclude_none=True), status, headers=headers or None, media_type=PROBLEM_JSON
    )


def response_to(problem: Problem) -> JSONResponse:
    """The problem document for a raised Problem; a 401 asks for a bearer token."""
    headers = {"WWW-Authenticate": "Bearer"} if problem.status == 401 else {}
    return problem_response(problem.status, problem.detail, problem.errors, **headers)


def field_name(location: Sequence[Any]) -> str:
    """('body', 'lines', 0, 'sku') -> 'lines[0].sku'; the body/query/path prefix is dropped."""
    parts = list(
        location[1:] if location and location[0] in ("body", "query", "path") else location
    )
    name = ""
    for part in parts:
        name += f"[{part}]" if isinstance(part, int) else f".{part}" if name else str(part)
    return name or "body"


def validation_errors(error: RequestValidationError) -> list[FieldError]:
    return [
        # Malformed JSON is located at ('body', <character offset>): no field, the whole body.
        FieldError(field="body", message=f"{e['msg']} at character {e['loc'][-1]}")
        if e["type"] == "json_invalid"
        else FieldError(field=field_name(e["loc"]), message=e["msg"])
        for e in error.errors()
    ]


def install_error_handlers(app: FastAPI, allowed_methods: Callable[[Scope], list[str]]) -> None:
    """Answer every failure as a problem document.

    Args:
        app: The app to answer for.
        allowed_methods: Every method a request's path supports, for a 405's `Allow`.
    """

    @app.exception_handler(Problem)
    async def on_problem(request: Request, problem: Problem) -> JSONResponse:
        return response_to(problem)

    @app.exception_handler(RequestValidationError)
    async def on_invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        return problem_response(400, "the request is not valid", validation_errors(error))

    # Routing errors (404, 405) and any HTTPException keep their status, in the same format.
    @app.exception_handler(HTTPException)
    async def on_http_exception(request: Request, error: HTTPException) -> JSONResponse:
        headers = dict(error.headers or {})
        if error.status_code == 405:  # Starlette's Allow names one route's methods, not the path's
            headers["Allow"] = ", ".join(allowed_methods(request.scope))
        return problem_response(error.status_code, str(error.detail), **headers)

    # The database down, slow, or giving up on a lock wait, or no pooled connection free in
    # time: nothing the client did wrong, and worth retrying, so a 503 rather than a 500.
    async def on_database_unavailable(request: Request, error: Exception) -> JSONResponse:
        return problem_response(503, "the database is not available; try again later")

    app.add_exception_handler(OperationalError, on_database_unavailable)
    app.add_exception_handler(PoolTimeout, on_database_unavailable)

    # Another service down or slow: the answer names it; what went wrong (an exception's text,
    # an address inside the network) is for the log, not for the caller.
    @app.exception_handler(DownstreamUnavailable)
    async def on_downstream_unavailable(
        request: Request, error: DownstreamUnavailable
    ) -> JSONResponse:
        log.warning("%s %s: %s", request.method, request.url.path, error)
        detail = f"the {error.service} service is not available; try again later"
        return problem_response(503, detail)

    # Anything else is a bug of ours: a 500, still a problem document, with nothing of the error
    # in it (Starlette logs the error and, under a TestClient, raises it to the test).
    async def on_bug(request: Request, error: Exception) -> JSONResponse:
        return problem_response(500)

    app.add_exception_handler(Exception, on_bug)
