"""The production wiring (main.build_app): the consumer and the expiry run with the app.

What /health/ready checks is the chassis'; that the catalog hands it its consumer is tested here,
and that the app expires unconfirmed holds after CATALOG_HOLD_SECONDS.
"""

import uuid

import pytest
from catalog.main import build_app
from fastapi.testclient import TestClient

from testkit.data import random_sku
from testkit.polling import eventually

UNREACHABLE_BROKER = "amqp://guest:guest@127.0.0.1:1/%2F"


@pytest.fixture
def environment(monkeypatch, database, rabbitmq, topology):
    """The CATALOG_* variables of a container, pointing at the test's database and topology."""
    url = database.url.render_as_string(hide_password=False)
    monkeypatch.setenv("CATALOG_DATABASE_URL", url)
    monkeypatch.setenv("CATALOG_BROKER_URL", rabbitmq.url)
    monkeypatch.setenv("CATALOG_EVENTS_EXCHANGE", topology.exchange)
    monkeypatch.setenv("CATALOG_QUEUE_PREFIX", topology.queue_prefix)
    return monkeypatch


def ready(client: TestClient) -> bool:
    return client.get("/health/ready").status_code == 200


def test_the_app_is_ready_once_its_consumer_is_on_the_broker(environment):
    with TestClient(build_app()) as client:
        assert eventually(lambda: ready(client), what="ready")


def test_the_app_is_not_ready_while_its_consumer_cannot_reach_the_broker(environment):
    environment.setenv("CATALOG_BROKER_URL", UNREACHABLE_BROKER)

    with TestClient(build_app()) as client:
        response = client.get("/health/ready")

    assert response.status_code == 503
    assert "broker" in response.json()["detail"]


def test_the_app_gives_back_the_stock_of_a_hold_left_unconfirmed_for_the_hold_time(environment):
    environment.setenv("CATALOG_HOLD_SECONDS", "0.2")
    environment.setenv("CATALOG_EXPIRY_POLL_SECONDS", "0.02")
    scopes = '["catalog:read", "catalog:write", "catalog:reserve"]'
    environment.setenv("CATALOG_API_TOKENS", f'{{"t": {scopes}}}')
    sku, order_id = random_sku(), str(uuid.uuid4())

    with TestClient(build_app(), headers={"Authorization": "Bearer t"}) as client:
        client.post("/products", json={"sku": sku, "name": "Mug", "price_cents": 1, "stock": 5})
        lines = [{"sku": sku, "quantity": 2}]
        held = client.post("/reservations", json={"order_id": order_id, "lines": lines})
        assert (held.status_code, client.get(f"/products/{sku}").json()["stock"]) == (201, 3)

        eventually(lambda: client.get(f"/products/{sku}").json()["stock"] == 5, what="stock back")
        again = client.post("/reservations", json={"order_id": order_id, "lines": lines})

    assert (again.status_code, again.json()["status"]) == (200, "expired")
