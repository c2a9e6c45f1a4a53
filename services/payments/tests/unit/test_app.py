"""The app factory runs the background workers for as long as the app serves, in order."""

from fastapi.testclient import TestClient
from payments.app import create_app


class RecordingWorker:
    def __init__(self, name: str, log: list[str]) -> None:
        self.name, self.log = name, log

    def start(self) -> None:
        self.log.append(f"start {self.name}")

    def stop(self) -> None:
        self.log.append(f"stop {self.name}")


def test_workers_start_with_the_app_and_stop_in_reverse_order(settings):
    log: list[str] = []
    workers = [RecordingWorker("consumer", log), RecordingWorker("relay", log)]
    app = create_app(
        settings=settings, session_factory=None, broker_connected=lambda: True, workers=workers
    )

    with TestClient(app):
        assert log == ["start consumer", "start relay"]

    assert log[2:] == ["stop relay", "stop consumer"]


def test_the_openapi_document_shows_problems_not_fastapis_422(settings):
    app = create_app(settings=settings, session_factory=None, broker_connected=lambda: True)

    responses = app.openapi()["paths"]["/payments"]["get"]["responses"]

    assert "422" not in responses
    assert "application/problem+json" in responses["4XX"]["content"]
