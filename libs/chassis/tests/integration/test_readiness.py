"""Readiness with a real probe: the app's consumer on the real broker, connected or not."""

from effects import EVENT
from fastapi.testclient import TestClient
from queues import consumers_of

from chassis.app import create_service_app
from chassis.messaging.consumer import Consumer
from testkit.polling import eventually

UNREACHABLE_BROKER = "amqp://guest:guest@127.0.0.1:1/%2F"


def consumer_on(broker_url, committing_session_factory, tables, topology, effects) -> Consumer:
    return Consumer(
        broker_url,
        committing_session_factory,
        {EVENT: effects},
        inbox=tables.inbox,
        exchange=topology.exchange,
        queue_prefix=topology.queue_prefix,
        backoff_seconds=0.02,
    )


def app_running(consumer: Consumer, session_factory) -> TestClient:
    app = create_service_app(
        title="test",
        session_factory=session_factory,
        api_tokens={},
        routers=[],
        workers=[consumer],
    )
    return TestClient(app)


def test_ready_once_the_apps_consumer_is_connected_and_not_after_it_stopped(
    rabbitmq, committing_session_factory, tables, topology, effects, channel
):
    consumer = consumer_on(rabbitmq.url, committing_session_factory, tables, topology, effects)

    with app_running(consumer, committing_session_factory) as client:
        eventually(lambda: client.get("/health/ready").status_code == 200, what="ready")
        assert consumers_of(channel, topology.queue(EVENT)) == 1

    # The app's shutdown stopped its worker: the broker no longer counts it on the queue.
    assert consumers_of(channel, topology.queue(EVENT)) == 0
    assert not consumer.is_connected


def test_not_ready_while_the_apps_consumer_cannot_reach_the_broker(
    committing_session_factory, tables, topology, effects
):
    consumer = consumer_on(
        UNREACHABLE_BROKER, committing_session_factory, tables, topology, effects
    )

    with app_running(consumer, committing_session_factory) as client:
        response = client.get("/health/ready")

    assert response.status_code == 503
    assert response.json()["detail"] == "the broker is not connected"
