"""Orders as a consumer of the catalog: the real HttpCatalogClient against Pact's mock.

Orders reserves the stock of an order all at once and prices it from the answer
(`POST /reservations`: 201 with each line's unit price, or 409 when any line is short; one
request, where it used to read each product first) and gives it back when the order cannot be
stored (`DELETE /reservations/{order_id}`: 204). Each error the catalog may answer is pinned
too, as a problem document, with what orders makes of it: a 400 naming a line's SKU is an
unknown product (the orders API's 400, naming the same line), a 409 to a reserve is OutOfStock
(its 409), a 409 to a release is ReservationKept (the order was placed after all: logged), and
a 401 or 403 is a token to fix, DownstreamUnavailable (its 503).
"""

import uuid

import pytest
from orders.catalog_client import (
    HttpCatalogClient,
    OutOfStock,
    ReservationKept,
    ReservationLine,
    UnknownProducts,
)
from orders.settings import Settings
from pact import Pact, match

from chassis.downstream import DownstreamUnavailable, bearer_client
from testkit.pact.auth import NO_VALID_TOKEN, TOKEN_LACKS_SCOPE
from testkit.pact.matchers import PROBLEM_JSON, bearer, problem

# The pact this module writes (the kit's `pact` fixture, each test adding its interaction):
# (consumer, provider).
PACT = ("orders", "catalog")
SKU = "SKU-PACT-0001"
ORDER_ID = "3c5e7a90-1b2d-4f6a-8c0e-2a4b6c8d0e1f"


def client_for(url: str, settings: Settings) -> HttpCatalogClient:
    """The production client, configured as main.py does, pointed at the mock server."""
    return HttpCatalogClient(
        bearer_client(
            base_url=url,
            token=settings.catalog_token,
            timeout_seconds=settings.http_timeout_seconds,
        )
    )


def reservation_request(quantity: int) -> dict[str, object]:
    return {
        "order_id": match.uuid(ORDER_ID),
        "lines": match.each_like({"sku": SKU, "quantity": match.int(quantity, min=1)}, min=1),
    }


def test_stock_is_reserved_for_an_order(pact: Pact, settings: Settings) -> None:
    """POST /reservations answers 201 when every line is in stock, with each line's price."""
    (
        pact.upon_receiving("a request to reserve stock that is there")
        .given("a product exists", sku=SKU, price_cents=1250, stock=10)
        .with_request("POST", "/reservations")
        .with_header("Authorization", bearer(settings.catalog_token))
        .with_body(reservation_request(2), content_type="application/json")
        .will_respond_with(201)
        .with_body(
            {"lines": match.each_like({"sku": SKU, "unit_price_cents": match.int(1250, min=1)})},
            content_type="application/json",
        )
    )

    with pact.serve() as server:
        prices = client_for(str(server.url), settings).reserve(
            uuid.UUID(ORDER_ID), [ReservationLine(sku=SKU, quantity=2)]
        )

    assert prices == {SKU: 1250}


def test_an_unknown_product_is_named_by_its_line(pact: Pact, settings: Settings) -> None:
    """POST /reservations answers 400 naming the line of a SKU the catalog does not sell."""
    unknown = "SKU-PACT-NONE"
    (
        pact.upon_receiving("a request to reserve a product that does not exist")
        .given("no product has the sku", sku=unknown)
        .with_request("POST", "/reservations")
        .with_header("Authorization", bearer(settings.catalog_token))
        .with_body(
            {"order_id": match.uuid(ORDER_ID), "lines": [{"sku": unknown, "quantity": 1}]},
            content_type="application/json",
        )
        .will_respond_with(400)
        .with_body(
            {
                **problem(400),
                "errors": [
                    {"field": "lines[0].sku", "message": match.str(f"no product {unknown}")}
                ],
            },
            content_type=PROBLEM_JSON,
        )
    )

    with pact.serve() as server, pytest.raises(UnknownProducts) as raised:
        client_for(str(server.url), settings).reserve(
            uuid.UUID(ORDER_ID), [ReservationLine(sku=unknown, quantity=1)]
        )

    assert [field for field, _ in raised.value.fields] == ["lines[0].sku"]


def test_short_stock_is_out_of_stock(pact: Pact, settings: Settings) -> None:
    """POST /reservations answers 409 when a line is short; the client raises OutOfStock."""
    (
        pact.upon_receiving("a request to reserve more stock than there is")
        .given("a product exists", sku=SKU, price_cents=1250, stock=1)
        .with_request("POST", "/reservations")
        .with_header("Authorization", bearer(settings.catalog_token))
        .with_body(reservation_request(5), content_type="application/json")
        .will_respond_with(409)
        .with_body(problem(409), content_type=PROBLEM_JSON)
    )

    with pact.serve() as server, pytest.raises(OutOfStock):
        client_for(str(server.url), settings).reserve(
            uuid.UUID(ORDER_ID), [ReservationLine(sku=SKU, quantity=5)]
        )


def test_a_reservation_is_released(pact: Pact, settings: Settings) -> None:
    """DELETE /reservations/{order_id} answers 204 and gives the stock back."""
    (
        pact.upon_receiving("a request to release the stock of an order")
        .given("an order has reserved stock", order_id=ORDER_ID, sku=SKU, quantity=2)
        .with_request("DELETE", f"/reservations/{ORDER_ID}")
        .with_header("Authorization", bearer(settings.catalog_token))
        .will_respond_with(204)
    )

    with pact.serve() as server:
        client_for(str(server.url), settings).release(uuid.UUID(ORDER_ID))


def test_releasing_a_placed_order_is_refused_and_the_stock_kept(
    pact: Pact, settings: Settings
) -> None:
    """DELETE of an order the catalog saw placed answers 409; the client raises ReservationKept.

    Orders meets it when a commit it saw fail went through: order.placed reached the catalog
    before the compensating release did.
    """
    (
        pact.upon_receiving("a request to release the stock of an order already placed")
        .given("an order has been placed", order_id=ORDER_ID, sku=SKU, quantity=2)
        .with_request("DELETE", f"/reservations/{ORDER_ID}")
        .with_header("Authorization", bearer(settings.catalog_token))
        .will_respond_with(409)
        .with_body(problem(409), content_type=PROBLEM_JSON)
    )

    with pact.serve() as server, pytest.raises(ReservationKept):
        client_for(str(server.url), settings).release(uuid.UUID(ORDER_ID))


def test_a_token_the_catalog_does_not_know_is_downstream_unavailable(
    pact: Pact, settings: Settings
) -> None:
    """POST /reservations answers 401 when the token is not valid: a 503 of orders, not a 400."""
    (
        pact.upon_receiving("a request to reserve stock with a token that is not valid")
        .given(NO_VALID_TOKEN)
        .with_request("POST", "/reservations")
        .with_header("Authorization", bearer(settings.catalog_token))
        .with_body(reservation_request(2), content_type="application/json")
        .will_respond_with(401)
        .with_body(problem(401), content_type=PROBLEM_JSON)
    )

    with pact.serve() as server, pytest.raises(DownstreamUnavailable, match="answered 401"):
        client_for(str(server.url), settings).reserve(
            uuid.UUID(ORDER_ID), [ReservationLine(sku=SKU, quantity=2)]
        )


def test_a_token_without_catalog_reserve_is_downstream_unavailable(
    pact: Pact, settings: Settings
) -> None:
    """POST /reservations answers 403 without catalog:reserve: a 503 of orders, not a 409."""
    (
        pact.upon_receiving("a request to reserve stock with a token that lacks catalog:reserve")
        .given(TOKEN_LACKS_SCOPE, scope="catalog:reserve")
        .with_request("POST", "/reservations")
        .with_header("Authorization", bearer(settings.catalog_token))
        .with_body(reservation_request(2), content_type="application/json")
        .will_respond_with(403)
        .with_body(problem(403), content_type=PROBLEM_JSON)
    )

    with pact.serve() as server, pytest.raises(DownstreamUnavailable, match="answered 403"):
        client_for(str(server.url), settings).reserve(
            uuid.UUID(ORDER_ID), [ReservationLine(sku=SKU, quantity=2)]
        )
