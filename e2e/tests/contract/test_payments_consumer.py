"""The e2e suite as a consumer of payments: what its journeys read of an order's payments.

The journeys find the one payment of an order (`GET /payments?order_id=`) and compare its
`status`, "succeeded" for a paid order and "failed" for a declined one, and its `amount_cents`.
So the pact holds a list of exactly one payment, its status as the literal the journeys compare,
and its amount as an integer; nothing else payments answers is pinned.
"""

import pytest
from pact import Pact, match
from system import DEMO_TOKEN, System

from testkit.pact.matchers import bearer

# The pact this module writes (the kit's `pact` fixture): (consumer, provider).
PACT = ("e2e", "payments")
ORDER_ID = "7d1e5b3a-2c4f-4a6b-9d8e-1f0a2b3c4d5e"


@pytest.mark.parametrize(
    ("description", "state", "status"),
    [
        ("a request for the payment of a paid order", "an order was paid", "succeeded"),
        ("a request for the payment of a declined order", "an order was declined", "failed"),
    ],
)
def test_an_orders_one_payment_says_whether_it_succeeded(
    pact: Pact, description: str, state: str, status: str
) -> None:
    """GET /payments?order_id= answers the order's one payment, its status and amount."""
    (
        pact.upon_receiving(description)
        .given(state, order_id=ORDER_ID)
        .with_request("GET", "/payments")
        .with_query_parameter("order_id", ORDER_ID)
        .with_header("Authorization", bearer(DEMO_TOKEN))
        .will_respond_with(200)
        .with_body(
            {"items": [{"status": status, "amount_cents": match.int(2500, min=0)}]},
            content_type="application/json",
        )
    )

    with pact.serve() as server, System.all_at(str(server.url)) as system:
        [payment] = system.payments_for(ORDER_ID)

    assert (payment["status"], payment["amount_cents"]) == (status, 2500)
