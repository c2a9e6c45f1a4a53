"""Calls to other services: any way they can fail to answer becomes one error, a 503."""

import ssl
from functools import cache
from typing import TypeVar

import httpx
from pydantic import BaseModel, ValidationError

Document = TypeVar("Document", bound=BaseModel)


class DownstreamUnavailable(Exception):
    """A service this one depends on is down, slow, or answers nonsense: worth trying later.

    `service` names it, for the caller's 503; the message says what went wrong (an exception's
    text, an address), for the log only.
    """

    def __init__(self, message: str, *, service: str) -> None:
        super().__init__(message)
        self.service = service


def send(http: httpx.Client, method: str, url: str, *, service: str, **kwargs) -> httpx.Response:
    """The response; DownstreamUnavailable on a timeout, a refusal, a garbled or a 5xx answer."""
    try:
        response = http.request(method, url, **kwargs)
    # Timeouts, refused connections, broken streams, and answers that cannot be decoded.
    except httpx.RequestError as error:
        raise DownstreamUnavailable(
            f"the {service} service did not answer: {error!r}", service=service
        ) from error
    if response.status_code >= 500:
        raise unexpected(response, service=service)
    return response


def unexpected(response: httpx.Response, *, service: str) -> DownstreamUnavailable:
    """An answer the contract does not allow (a 401/403 is a misconfigured token): a 503 too."""
    return DownstreamUnavailable(
        f"the {service} service answered {response.status_code}", service=service
    )


def read(response: httpx.Response, model: type[Document], *, service: str) -> Document:
    """The answer's body as `model`; DownstreamUnavailable when it does not fit (a 503 too)."""
    try:
        return model.model_validate_json(response.content)
    except ValidationError as error:
        raise DownstreamUnavailable(
            f"the {service} service answered an unreadable {model.__name__}",
            service=service,
        ) from error


@cache
def tls_context() -> ssl.SSLContext:
    """httpx's default TLS settings (certificates verified), built once for every client.

    httpx builds them anew for each client, reading the whole CA bundle: tens of milliseconds
    each time, which the tests (a client per test) paid over and over. One context serves any
    number of clients.
    """
    return httpx.create_ssl_context()


def bearer_client(*, base_url: str, token: str, timeout_seconds: float) -> httpx.Client:
    """An httpx client that sends the token and waits no longer than the timeout per step."""
    return httpx.Client(
        base_url=base_url,
        headers={"Authorization": f"Bearer {token}"},
        timeout=timeout_seconds,
        verify=tls_context(),
    )
