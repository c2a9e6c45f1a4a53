"""uvicorn's access log on a real server: a credential in a query string is never written."""

import logging
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy.orm import sessionmaker

from chassis.access_log import ACCESS_LOGGER
from chassis.app import create_service_app
from testkit.stand_ins.http import serve_in_thread

TOKEN = "eyJhbGciOiJIUzI1NiJ9.secret-of-the-caller"  # noqa: S105 (a made-up token)


class Lines(logging.Handler):
    """The access log's lines as uvicorn's own formatter would write them."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def served() -> Iterator[tuple[str, list[str]]]:
    """A service app under uvicorn, its access log on: (its URL, the lines the log gets)."""
    app = create_service_app(
        title="test",
        session_factory=sessionmaker(),  # /health/live touches no database
        api_tokens={},
        routers=[],
    )
    lines = Lines()
    access = logging.getLogger(ACCESS_LOGGER)
    with serve_in_thread(app, log_level="info") as url:  # uvicorn configures its loggers here
        access.addHandler(lines)
        try:
            yield url, lines.lines
        finally:
            access.removeHandler(lines)


def test_a_token_in_the_query_string_is_not_written_to_the_access_log(served):
    url, access_log = served

    httpx.get(f"{url}/health/live", params={"access_token": TOKEN, "limit": "5"})

    [line] = [line for line in access_log if "/health/live" in line]
    assert TOKEN not in line
    assert '"GET /health/live?access_token=***&limit=*** HTTP/1.1" 200' in line
