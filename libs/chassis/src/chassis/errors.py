"""Errors as application/problem+json (RFC 9457), with one rule for every kind of failure.

Bad input (a wrong field, malformed JSON, a bad path or query parameter) is a 400 whose `errors`
name each field; a duplicate is a 409, a missing row a 404, a downstream service that is down or
slow a 503 (its own database too). Nothing a client sends is answered with a 500.
"""

from collections.abc import Sequence
from http import HTTPStatus
from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException

PROBLEM_JSON = "application/problem+json"


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
    return JSONResponse(
        body.model_dump(exclude_none=True), status, headers=headers or None, media_type=PROBLEM_JSON
    )


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


def install_error_handlers(app: FastAPI) -> None:
    """Answer every failure as a problem document."""

    @app.exception_handler(Problem)
    async def on_problem(request: Request, problem: Problem) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if problem.status == 401 else {}
        return problem_response(problem.status, problem.detail, problem.errors, **headers)

    @app.exception_handler(RequestValidationError)
    async def on_invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        return problem_response(400, "the request is not valid", validation_errors(error))

    # Routing errors (404, 405) and any HTTPException keep their status, in the same format.
    @app.exception_handler(HTTPException)
    async def on_http_exception(request: Request, error: HTTPException) -> JSONResponse:
        return problem_response(error.status_code, str(error.detail), **(error.headers or {}))

    # The database down, slow, or giving up on a lock wait, or no pooled connection free in
    # time: nothing the client did wrong, and worth retrying, so a 503 rather than a 500.
    async def on_database_unavailable(request: Request, error: Exception) -> JSONResponse:
        return problem_response(503, "the database is not available; try again later")

    app.add_exception_handler(OperationalError, on_database_unavailable)
    app.add_exception_handler(PoolTimeout, on_database_unavailable)


# Declared on every route so the OpenAPI document shows the real error format, and not
# FastAPI's default 422 validation schema.
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    "4XX": {"model": ProblemDetails, "content": {PROBLEM_JSON: {}}, "description": "A problem."},
    "5XX": {"model": ProblemDetails, "content": {PROBLEM_JSON: {}}, "description": "A problem."},
}
