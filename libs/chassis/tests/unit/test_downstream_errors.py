"""Calling another service: every way it can fail to answer is one DownstreamUnavailable."""

import ssl

import httpx
import pytest
from pydantic import BaseModel

from chassis.downstream import DownstreamUnavailable, bearer_client, read, send, unexpected


def client_answering(handler) -> httpx.Client:
    return httpx.Client(base_url="http://users", transport=httpx.MockTransport(handler))


def refusing(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


def timing_out(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("timed out", request=request)


def garbled(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, headers={"Content-Encoding": "gzip"}, content=b"not gzip at all")


@pytest.mark.parametrize("status", [200, 201, 204, 400, 404, 409])
def test_an_answer_below_500_is_the_callers_to_read(status):
    http = client_answering(lambda request: httpx.Response(status, json={"seen": request.url.path}))

    response = send(http, "GET", "/users/1", service="users")

    assert response.status_code == status


def test_the_request_goes_out_as_given():
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(201)

    send(client_answering(record), "POST", "/reservations", service="catalog", json={"n": 1})

    [request] = seen
    assert (request.method, request.url.path, request.content) == (
        "POST",
        "/reservations",
        b'{"n":1}',
    )


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_a_5xx_answer_is_unavailable_naming_the_service_and_the_status(status):
    http = client_answering(lambda request: httpx.Response(status))

    answered = f"the users service answered {status}"
    with pytest.raises(DownstreamUnavailable, match=answered) as error:
        send(http, "GET", "/users/1", service="users")

    assert error.value.service == "users"


@pytest.mark.parametrize(
    "answer", [refusing, timing_out, garbled], ids=["refused", "timed out", "garbled"]
)
def test_no_answer_or_nonsense_is_unavailable_naming_the_service_with_the_cause(answer):
    with pytest.raises(DownstreamUnavailable, match="the users service did not answer") as error:
        send(client_answering(answer), "GET", "/users/1", service="users")

    assert isinstance(error.value.__cause__, httpx.RequestError)
    assert error.value.service == "users"


def test_an_answer_the_contract_does_not_allow_is_unavailable_too():
    error = unexpected(httpx.Response(403), service="catalog")

    assert isinstance(error, DownstreamUnavailable)
    assert str(error) == "the catalog service answered 403"
    assert error.service == "catalog"


class User(BaseModel):
    id: int


def test_an_answer_that_fits_its_document_is_read_as_it():
    assert read(httpx.Response(200, json={"id": 7, "extra": 1}), User, service="users") == User(
        id=7
    )


@pytest.mark.parametrize("body", [b"not json", b'{"id": "seven"}', b"{}"])
def test_an_answer_that_does_not_fit_is_unavailable_naming_the_service(body):
    with pytest.raises(DownstreamUnavailable) as error:
        read(httpx.Response(200, content=body), User, service="users")

    assert error.value.service == "users"
    assert "unreadable User" in str(error.value)


def test_a_bearer_client_sends_its_token_to_its_base_url_and_waits_no_longer_than_told():
    token = "t-1"  # noqa: S105 (a made-up token)
    with bearer_client(base_url="http://catalog:8000", token=token, timeout_seconds=0.5) as http:
        assert http.headers["Authorization"] == "Bearer t-1"
        assert http.base_url == "http://catalog:8000"
        assert http.timeout == httpx.Timeout(0.5)


def test_bearer_clients_share_one_tls_context_which_verifies_certificates():
    clients = [
        bearer_client(base_url=f"https://{name}:8000", token="t", timeout_seconds=1)  # noqa: S106
        for name in ("users", "catalog")
    ]
    # Where httpx keeps the context its transport opens connections with (no public accessor).
    contexts = [client._transport._pool._ssl_context for client in clients]

    assert contexts[0] is contexts[1]
    assert contexts[0].verify_mode == ssl.CERT_REQUIRED
    assert contexts[0].check_hostname
    for client in clients:
        client.close()
