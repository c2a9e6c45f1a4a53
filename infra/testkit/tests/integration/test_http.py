"""serve_in_thread: a real server on a free port for the block's duration, and gone after it."""

import pytest
import requests

from testkit.stand_ins.http import serve_in_thread


async def hello(scope, receive, send):
    """The smallest ASGI app: 200 and the path it was asked for."""
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": scope["path"].encode()})


def test_the_app_answers_at_the_yielded_url_while_the_block_runs():
    with serve_in_thread(hello) as url:
        assert url.startswith("http://localhost:")
        assert requests.get(f"{url}/ping", timeout=5).text == "/ping"


def test_the_server_stops_when_the_block_ends():
    with serve_in_thread(hello) as url:
        pass

    with pytest.raises(requests.ConnectionError):
        requests.get(url, timeout=2)


async def failing_to_start(scope, receive, send):
    """An app whose lifespan startup fails, as one does when, say, its database is missing."""
    if scope["type"] == "lifespan":
        await receive()
        await send({"type": "lifespan.startup.failed", "message": "no database"})


# uvicorn ends a failed startup with sys.exit in its thread; that exit is the point here.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_an_app_that_cannot_start_raises_instead_of_hanging():
    with pytest.raises(RuntimeError, match="did not start"), serve_in_thread(failing_to_start):
        pass
