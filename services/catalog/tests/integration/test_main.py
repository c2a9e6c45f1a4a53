"""The production wiring (main.build_app): the consumer runs with the app, readiness waits for it.

What /health/ready checks is the chassis'; that the catalog hands it its consumer is tested here.
"""

import pytest
from catalog.main import build_app
from fastapi.testclient import TestClient

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
