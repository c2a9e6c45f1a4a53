"""The gate: a request's token, then its body's size, checked before any route reads the body.

The requests go through httpx's ASGI transport, which hands the app the body one chunk at a time
as the app asks for it: the tests count the chunks the app took, so "not read" is seen, not assumed.
"""

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from fakes import FakeSessionFactory
from fastapi import APIRouter, Depends
from pydantic import BaseModel

from chassis.app import create_service_app
from chassis.auth import require_scope
from chassis.errors import PROBLEM_JSON

LIMIT = 1000
TOKENS = {"writer-token": frozenset({"notes:write"}), "reader-token": frozenset({"notes:read"})}
WRITER = {"Authorization": "Bearer writer-token", "Content-Type": "application/json"}


class Note(BaseModel):
    text: str


def routes() -> APIRouter:
    router = APIRouter()

    @router.post("/notes", dependencies=[Depends(require_scope("notes:write"))])
    def write(note: Note) -> str:
        return note.text

    @router.post("/open")
    def open_to_all(note: Note) -> str:
        return note.text

    return router


class Body:
    """A request body sent in chunks, which counts how many of them the app asked for."""

    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = chunks
        self.taken = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            self.taken += 1
            yield chunk


def post(path: str, body: Body, headers: dict[str, str]) -> httpx.Response:
    app = create_service_app(
        title="test",
        session_factory=FakeSessionFactory(),
        api_tokens=TOKENS,
        routers=[routes()],
        max_body_bytes=LIMIT,
    )

    async def send() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.post(path, content=body, headers=headers)

    return asyncio.run(send())


def problem_of(response: httpx.Response, status: int) -> dict:
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM_JSON
    return response.json()


def in_chunks(total: int, size: int = 100) -> list[bytes]:
    return [b"x" * size] * (total // size)


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer unknown"}, {"Authorization": "Bearer reader-token"}],
    ids=["no token", "unknown token", "token without the scope"],
)
def test_a_guarded_route_refuses_a_caller_before_reading_a_byte_of_a_huge_body(headers):
    body = Body(in_chunks(20 * 1024 * 1024, size=64 * 1024))
    declared = {"Content-Length": str(20 * 1024 * 1024), "Content-Type": "application/json"}

    response = post("/notes", body, {**declared, **headers})

    assert response.status_code == (403 if "reader-token" in str(headers) else 401)
    assert body.taken == 0


def test_malformed_json_without_a_token_is_a_401_not_a_400():
    body = Body([b'{"text": '])

    problem = problem_of(post("/notes", body, {"Content-Type": "application/json"}), 401)

    assert problem["detail"] == "a valid bearer token is required"
    assert body.taken == 0


def test_a_declared_length_over_the_limit_is_a_413_problem_before_a_byte_is_read():
    body = Body(in_chunks(LIMIT + 100))

    response = post("/notes", body, {**WRITER, "Content-Length": str(LIMIT + 100)})

    assert problem_of(response, 413)["detail"] == f"the body is larger than {LIMIT} bytes"
    assert body.taken == 0


@pytest.mark.parametrize("path", ["/notes", "/open", "/nowhere"])
def test_a_declared_length_over_the_limit_is_a_413_on_any_route(path):
    response = post(path, Body(in_chunks(LIMIT + 100)), {**WRITER, "Content-Length": "1001"})

    assert response.status_code == 413


def test_a_chunked_body_is_counted_and_refused_as_soon_as_it_passes_the_limit():
    body = Body(in_chunks(100 * LIMIT))  # no Content-Length: sent chunked

    response = post("/notes", body, WRITER)

    assert problem_of(response, 413)["detail"] == f"the body is larger than {LIMIT} bytes"
    assert body.taken == LIMIT // 100 + 1  # the chunk that crossed the limit, not one more


def test_a_body_of_exactly_the_limit_is_read():
    text = "x" * (LIMIT - len('{"text": ""}'))
    body = Body([f'{{"text": "{text}"}}'.encode()])

    response = post("/notes", body, WRITER)

    assert (response.status_code, response.json()) == (200, text)
