"""The e2e suite as a consumer of orders: what its journeys read of a user's orders.

The out-of-stock journey lists a user's orders (`GET /orders?user_id=`): none after a refused
order, then exactly the one that fitted, by its `id`. So the pact holds both answers, an empty
list and a list of one order's id; nothing else orders answers is pinned.
"""

from pact import Pact, match
from system import DEMO_TOKEN, System

from testkit.pact.matchers import bearer

# The pact this module writes (the kit's `pact` fixture, each test adding its interaction):
# (consumer, provider).
PACT = ("e2e", "orders")
USER_ID = "2b4d6f80-1a3c-4e5f-8a7b-9c0d1e2f3a4b"
ORDER_ID = "7d1e5b3a-2c4f-4a6b-9d8e-1f0a2b3c4d5e"


def expect_orders(pact: Pact, description: str, state: str, items: list[object]) -> None:
    (
        pact.upon_receiving(description)
        .given(state, user_id=USER_ID)
        .with_request("GET", "/orders")
        .with_query_parameter("user_id", USER_ID)
        .with_header("Authorization", bearer(DEMO_TOKEN))
        .will_respond_with(200)
        .with_body({"items": items}, content_type="application/json")
    )


def test_a_user_who_placed_one_order_has_a_list_of_its_id(pact: Pact) -> None:
    """GET /orders?user_id= answers the user's orders: here one, of which the journey reads `id`."""
    item = {"id": match.uuid(ORDER_ID)}
    expect_orders(pact, "a request for the orders of a user", "a user has placed an order", [item])

    with pact.serve() as server, System.all_at(str(server.url)) as system:
        orders = system.orders_of(USER_ID)

    assert [order["id"] for order in orders] == [ORDER_ID]


def test_a_user_who_placed_no_order_has_an_empty_list(pact: Pact) -> None:
    """GET /orders?user_id= answers an empty list, not a 404, for a user without orders."""
    description = "a request for the orders of a user who has none"
    expect_orders(pact, description, "a user has placed no order", [])

    with pact.serve() as server, System.all_at(str(server.url)) as system:
        orders = system.orders_of(USER_ID)

    assert orders == []
