"""The gate on a real server (uvicorn, a socket): a caller is answered while still sending.

Each test sends the head of a request and only part of its body, then waits for the answer:
a server that read the whole body before answering would never answer, and the read times out.
"""

import socket
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from fastapi import APIRouter, Depends
from pydantic import BaseModel
from sqlalchemy.orm import sessionmaker

from chassis.app import create_service_app
from chassis.auth import require_scope
from testkit.stand_ins.http import serve_in_thread

LIMIT = 64 * 1024
TWENTY_MB = 20 * 1024 * 1024
WAIT_SECONDS = 5


class Note(BaseModel):
    text: str


@pytest.fixture(scope="module")
def address() -> Iterator[tuple[str, int]]:
    router = APIRouter()

    @router.post("/notes", dependencies=[Depends(require_scope("notes:write"))])
    def write(note: Note) -> str:
        return note.text

    app = create_service_app(
        title="test",
        session_factory=sessionmaker(),  # never used: no route here touches a database
        api_tokens={"writer-token": frozenset({"notes:write"})},
        routers=[router],
        max_body_bytes=LIMIT,
    )
    with serve_in_thread(app) as url:
        parts = urlsplit(url)
        yield "127.0.0.1", parts.port or 80


def status_after_sending(address: tuple[str, int], head: list[str], body: bytes) -> int:
    """Send a request's head and the given (partial) body; the status of the answer."""
    with socket.create_connection(address, timeout=WAIT_SECONDS) as connection:
        request_head = ["POST /notes HTTP/1.1", "Host: test", *head, "", ""]
        connection.sendall("\r\n".join(request_head).encode())
        connection.sendall(body)
        status_line = connection.makefile("rb").readline()  # times out if no answer comes
    return int(status_line.split()[1])


def test_a_20_mb_post_without_a_token_is_a_401_before_the_body_is_sent(address):
    head = ["Content-Type: application/json", f"Content-Length: {TWENTY_MB}"]

    assert status_after_sending(address, head, b'{"text": "' + b"x" * 1024) == 401


def test_a_declared_length_over_the_limit_is_a_413_before_the_body_is_sent(address):
    head = [
        "Authorization: Bearer writer-token",
        "Content-Type: application/json",
        f"Content-Length: {TWENTY_MB}",
    ]

    assert status_after_sending(address, head, b"") == 413


def test_a_chunked_body_is_a_413_once_it_passes_the_limit_before_it_ends(address):
    head = [
        "Authorization: Bearer writer-token",
        "Content-Type: application/json",
        "Transfer-Encoding: chunked",
    ]
    chunk = b"x" * 8192
    past_the_limit = (b"%x\r\n" % len(chunk) + chunk + b"\r\n") * (LIMIT // len(chunk) + 1)

    # No closing zero-length chunk: the body has not ended when the answer comes.
    assert status_after_sending(address, head, past_the_limit) == 413
