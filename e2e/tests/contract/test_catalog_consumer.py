"""The e2e suite as a consumer of the catalog: the stock its journeys read of a product.

The journeys check a product's units available after an order took, or gave back, its stock
(`GET /products/{sku}`): they read `stock` alone, an integer, which is all the pact holds.
"""

from pact import Pact, match
from system import DEMO_TOKEN, System

from testkit.pact.matchers import bearer

# The pact this module writes (the kit's `pact` fixture): (consumer, provider).
PACT = ("e2e", "catalog")
SKU = "E2E-PACT-0001"


def test_a_products_stock_is_its_units_available(pact: Pact) -> None:
    """GET /products/{sku} answers the units available now as `stock`."""
    (
        pact.upon_receiving("a request for the stock of a product")
        .given("a product exists", sku=SKU, price_cents=1250, stock=3)
        .with_request("GET", f"/products/{SKU}")
        .with_header("Authorization", bearer(DEMO_TOKEN))
        .will_respond_with(200)
        .with_body({"stock": match.int(3, min=0)}, content_type="application/json")
    )

    with pact.serve() as server, System.all_at(str(server.url)) as system:
        stock = system.stock(SKU)

    assert stock == 3
