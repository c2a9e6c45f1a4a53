"""Suites started before their servers: each waits for a URL only when a test needs the server."""

import threading
import time
from pathlib import Path

import pytest

from testkit.servers.late_servers import await_url, read


def test_a_url_already_written_is_found_at_once(tmp_path: Path):
    servers = tmp_path / "servers.env"
    servers.write_text("TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/postgres\n")

    assert await_url(servers, "postgres") == "postgresql://postgres@127.0.0.1:5432/postgres"


def test_a_url_is_awaited_until_it_is_written(tmp_path: Path):
    servers = tmp_path / "servers.env"
    servers.write_text("TEST_POSTGRES_URL=postgresql://pg/postgres\n")
    later = "TEST_POSTGRES_URL=postgresql://pg/postgres\nTEST_RABBITMQ_URL=amqp://mq/%2F\n"
    writer = threading.Timer(0.2, servers.write_text, args=(later,))
    writer.start()
    started = time.monotonic()

    assert await_url(servers, "rabbitmq") == "amqp://mq/%2F"
    assert time.monotonic() - started >= 0.2
    writer.join()


def test_a_server_that_could_not_start_stops_the_run_instead_of_a_wait(tmp_path: Path):
    servers = tmp_path / "servers.env"
    servers.write_text("TEST_POSTGRES_URL=postgresql://pg/postgres\nFAILED=rabbitmq\n")

    with pytest.raises(pytest.exit.Exception, match="rabbitmq could not be started"):
        await_url(servers, "rabbitmq")


def test_a_server_that_never_comes_stops_the_run_at_the_deadline(tmp_path: Path):
    with pytest.raises(pytest.exit.Exception, match="postgres was not ready after 0 s"):
        await_url(tmp_path / "not-written-yet.env", "postgres", timeout=0.05)


def test_a_file_not_written_yet_holds_nothing():
    assert read(Path("/nonexistent")) == ({}, set())


def test_failed_servers_are_read_together(tmp_path: Path):
    servers = tmp_path / "servers.env"
    servers.write_text("FAILED=postgres\nFAILED=rabbitmq\n")

    assert read(servers) == ({}, {"postgres", "rabbitmq"})
