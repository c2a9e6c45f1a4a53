"""What a request must pass before a route reads its body: first its token, then its size.

A route's scopes (declared with `require_scope`) are checked on the headers alone, so a caller
without a token cannot make a service read or parse a byte: a 20 MB POST without one is a 401 at
once. A body is then held to `max_body_bytes`: a Content-Length above it is a 413 at once, and a
body sent without one (chunked) is counted as it arrives and refused at the limit.
"""

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from chassis.auth import GRANTED_SCOPES, ApiTokens, authorize, bearer_token
from chassis.errors import Problem, problem_response, response_to
from chassis.routes import RouteTable


class BodyTooLarge(HTTPException):
    """A body that grew past the limit while a route read it: a 413 problem."""

    # An HTTPException because FastAPI passes those on from reading a body, to the app's handler
    # (any other error there would become its 400 "There was an error parsing the body").
    def __init__(self, limit: int) -> None:
        super().__init__(413, too_large(limit))


def too_large(limit: int) -> str:
    return f"the body is larger than {limit} bytes"


class RequestGate:
    """ASGI middleware: a request's token, then its body's size, before any route reads it."""

    def __init__(
        self, app: ASGIApp, *, routes: RouteTable, api_tokens: ApiTokens, max_body_bytes: int
    ) -> None:
        self.app = app
        self.routes = routes
        self.api_tokens = api_tokens
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        needed = self.routes.scopes_needed(scope)
        if needed:
            token = bearer_token(headers.get("authorization"))
            try:
                scope[GRANTED_SCOPES] = authorize(token, self.api_tokens, needed)
            except Problem as refused:  # 401 or 403, on the headers alone
                await response_to(refused)(scope, receive, send)
                return
        if content_length(headers) > self.max_body_bytes:
            await problem_response(413, too_large(self.max_body_bytes))(scope, receive, send)
            return
        await self.app(scope, self.counting(receive), send)

    def counting(self, receive: Receive) -> Receive:
        """`receive` that refuses a body (BodyTooLarge) as soon as it passes the limit."""
        received = 0

        async def receive_within_limit() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise BodyTooLarge(self.max_body_bytes)
            return message

        return receive_within_limit


def content_length(headers: Headers) -> int:
    """The declared length; 0 when there is none (a chunked body is counted as it comes)."""
    try:
        return int(headers.get("content-length", "0"))
    except ValueError:  # the server refuses such a request before it gets here
        return 0
