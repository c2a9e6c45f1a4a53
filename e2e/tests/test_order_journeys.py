"""Three journeys of an order through the whole system, via the public HTTP APIs only.

Each proves the wiring the layers below cannot: compose's env vars and tokens, the real
service-to-service calls, and the events crossing the real broker, end to end. The rules
themselves (totals, the payment limit, idempotency, ...) are the unit and integration suites'.
"""

import os

from polling import eventually
from system import System

# The payments service declines an order whose total exceeds this (PAYMENTS_LIMIT_CENTS).
PAYMENTS_LIMIT_CENTS = int(os.environ.get("E2E_PAYMENTS_LIMIT_CENTS", "100000"))


def test_a_paid_order_is_confirmed_takes_its_stock_and_tells_the_customer(system: System):
    user = system.create_user()
    product = system.create_product(price_cents=1250, stock=5)

    placed = system.place_order(user["id"], product["sku"], quantity=2)

    assert placed.status_code == 201, placed.text
    order = placed.json()
    assert (order["status"], order["total_cents"]) == ("PENDING", 2500)

    def confirmed() -> None:
        assert system.order(order["id"])["status"] == "CONFIRMED"

    eventually(confirmed)
    assert system.stock(product["sku"]) == 3
    [payment] = system.payments_for(order["id"])
    assert (payment["status"], payment["amount_cents"]) == ("succeeded", 2500)

    def customer_told() -> dict:
        notifications = system.notifications_of(user["id"])
        assert len(notifications) == 1, notifications
        return notifications[0]

    notification = eventually(customer_told)
    assert notification["kind"] == "order_confirmed"
    assert notification["order_id"] == order["id"]
    assert notification["recipient"] == user["email"]


def test_a_declined_payment_cancels_the_order_releases_its_stock_and_tells_why(system: System):
    user = system.create_user()
    product = system.create_product(price_cents=PAYMENTS_LIMIT_CENTS + 1, stock=3)

    placed = system.place_order(user["id"], product["sku"], quantity=1)

    assert placed.status_code == 201, placed.text
    order = placed.json()

    def cancelled() -> None:
        assert system.order(order["id"])["status"] == "CANCELLED"

    eventually(cancelled)
    [payment] = system.payments_for(order["id"])
    assert (payment["status"], payment["amount_cents"]) == ("failed", PAYMENTS_LIMIT_CENTS + 1)

    # The catalog hears of the cancellation by its own queue, so the stock comes back later.
    def stock_released() -> None:
        assert system.stock(product["sku"]) == 3

    eventually(stock_released)

    def customer_told() -> dict:
        notifications = system.notifications_of(user["id"])
        assert len(notifications) == 1, notifications
        return notifications[0]

    notification = eventually(customer_told)
    assert notification["kind"] == "order_cancelled"
    assert notification["order_id"] == order["id"]
    assert notification["recipient"] == user["email"]


def test_an_order_for_more_than_the_stock_is_refused_at_once_and_leaves_no_trace(system: System):
    user = system.create_user()
    product = system.create_product(price_cents=700, stock=2)

    refused = system.place_order(user["id"], product["sku"], quantity=3)

    assert refused.status_code == 409, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert system.stock(product["sku"]) == 2
    # No order was stored, so there is no order id that anything could be charged for.
    assert system.orders_of(user["id"]) == []

    # A later order of the same user that fits the stock is the barrier that proves the negative
    # without a sleep: a refused order stored by mistake would be ahead of it in every outbox and
    # queue (oldest first), so once the later one is confirmed, the refused one left no trace.
    fitting = system.place_order(user["id"], product["sku"], quantity=2)
    assert fitting.status_code == 201, fitting.text

    def customer_told() -> list[dict]:
        notifications = system.notifications_of(user["id"])
        assert notifications, "no notification yet"
        return notifications

    notifications = eventually(customer_told)
    assert [(n["kind"], n["order_id"]) for n in notifications] == [
        ("order_confirmed", fitting.json()["id"])
    ]
    assert [o["id"] for o in system.orders_of(user["id"])] == [fitting.json()["id"]]
    assert system.stock(product["sku"]) == 0
