"""Least privilege, as the compose stack sets it up: what a service's own credentials allow.

Seen from inside the containers (their network, their environment, their drivers), through
`docker compose exec`: boundary_probe.py runs once in orders, container_probe.py once in each
service (the re-runnable stack_probe.py runs the same), and each test judges one outcome.
The project is the compose file's, or COMPOSE_PROJECT_NAME's (the fault runner's copy).
"""

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
import stack_probe
from system import SERVICES

HERE = Path(__file__).resolve().parent
COMPOSE_FILE = HERE.parents[1] / "docker-compose.yml"
# pg's SQLSTATE for "permission denied" (must be owner, no privilege).
INSUFFICIENT_PRIVILEGE = "42501"


def run_probe(*command: str) -> dict[str, Any]:
    """boundary_probe.py's outcomes, from one `python -` in a container (a second or so)."""
    compose = ["docker", "compose", "--file", str(COMPOSE_FILE)]
    done = subprocess.run(  # noqa: S603 (a fixed command)
        [*compose, *command],
        input=(HERE / "boundary_probe.py").read_text(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, f"the probe failed in {command}:\n{done.stderr}"
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def seen_from_orders(system) -> dict[str, Any]:
    return run_probe("exec", "-T", "orders", "python", "-")


@pytest.fixture(scope="module")
def seen_from_the_migrate_step(system) -> dict[str, Any]:
    """The one-shot migrate container, run once more (its migrations are done: a no-op)."""
    return run_probe("run", "--rm", "--no-deps", "-T", "orders-migrate", "python", "-", "migrator")


@pytest.fixture(scope="module")
def seen_from_each_service(system) -> dict[str, dict[str, Any]]:
    return {service: stack_probe.probe_container(service) for service in SERVICES}


def test_a_service_cannot_even_resolve_another_services_database(seen_from_orders):
    other = seen_from_orders["other_database"]

    # With users' own credentials: only the network stands in the way, and it does.
    assert other["resolves"] is False, other
    assert other["login"] != "logged in", other
    assert "users-db" in other["login"], other  # the name is what fails, not a password


def test_the_running_service_is_no_superuser_and_may_not_change_the_schema(seen_from_orders):
    app = seen_from_orders["app"]

    assert app["user"] == "orders_app"
    assert app["superuser"] is False
    assert isinstance(app["rows"], int)  # it may read its tables ...
    assert app["drop"] == INSUFFICIENT_PRIVILEGE  # ... but not drop one


def test_the_migrations_own_the_schema_without_being_a_superuser(
    seen_from_orders, seen_from_the_migrate_step
):
    migrator, app = seen_from_the_migrate_step, seen_from_orders["app"]

    assert (migrator["user"], migrator["superuser"]) == ("orders_migrator", False)
    # The tables are the migrator's: the migrate step ran as it, not as the app.
    assert app["owner"] == "orders_migrator"


def test_a_service_publishes_its_own_events_but_not_another_services(seen_from_orders):
    broker = seen_from_orders["broker"]

    assert broker["order.boundary-probe"] == "confirmed"
    assert broker["payment.succeeded"].startswith("403 ACCESS_REFUSED"), broker


def test_a_service_cannot_consume_another_services_queue(seen_from_orders):
    broker = seen_from_orders["broker"]

    assert broker["consume payments.order.placed"].startswith("403 ACCESS_REFUSED"), broker


def test_a_service_cannot_redeclare_or_delete_the_shared_events_exchange(seen_from_orders):
    broker = seen_from_orders["broker"]

    # 403, not the 406 that the right to configure it would have met.
    assert broker["redeclare domain-events"].startswith("403 ACCESS_REFUSED"), broker
    assert broker["delete domain-events"].startswith("403 ACCESS_REFUSED"), broker


FOREIGN_KEYS = {
    "catalog": ["order.placed", "order.cancelled", "payment.succeeded"],
    "orders": ["payment.succeeded", "payment.failed"],
    "payments": ["order.placed", "order.confirmed", "order.cancelled"],
    "notifications": ["order.cancelled", "payment.failed"],
}


@pytest.mark.parametrize("service", sorted(FOREIGN_KEYS))
def test_no_service_can_route_a_routing_key_it_does_not_own_into_the_events_exchange(
    seen_from_each_service, service
):
    broker = seen_from_each_service[service]["broker"]

    # The attack of issue 17: an exchange of its own, bound into domain-events, a foreign key.
    assert broker[f"declare exchange {service}.probe-forgery"].startswith("403"), broker
    for source in (f"{service}.probe-forgery", f"{service}.dead-letter", "amq.topic"):
        assert broker[f"bind {source} into domain-events"].startswith("403"), broker
    for key in FOREIGN_KEYS[service]:
        assert broker[f"publish {key} to domain-events"].startswith("403"), broker
    # Nor may it read what it does not consume, by a binding of its own.
    assert broker[f"bind domain-events to exchange {service}.dead-letter"].startswith("403")
    # ... and every other route the probe tried (the default exchange into another service's
    # queue, each built-in exchange) was refused too.
    assert stack_probe.refusals(seen_from_each_service[service]) == []


@pytest.mark.parametrize("service", list(SERVICES))
def test_no_running_service_holds_a_login_that_may_change_the_schema(
    seen_from_each_service, service
):
    seen = seen_from_each_service[service]
    prefix = service.upper()

    # Only the app's login: no migrator's in its environment, a process's or a file.
    assert list(seen["databases"]) == [f"{prefix}_DATABASE_URL"], seen["databases"]
    assert seen["schema_owner_traces"] == []
    login = seen["databases"][f"{prefix}_DATABASE_URL"]
    assert login["user"] == f"{service}_app"
    assert set(login["ddl"].values()) == {INSUFFICIENT_PRIVILEGE}, login["ddl"]


@pytest.mark.parametrize("service", list(SERVICES))
def test_a_services_login_may_not_connect_to_the_servers_other_databases(
    seen_from_each_service, service
):
    (login,) = seen_from_each_service[service]["databases"].values()

    for database in ("postgres", "template1"):
        refusal = login["other_databases"][database]
        assert "permission denied for database" in refusal, (database, refusal)


@pytest.mark.parametrize("service", list(SERVICES))
def test_the_brokers_erlang_distribution_ports_are_closed_to_the_services(
    seen_from_each_service, service
):
    ports = seen_from_each_service[service]["distribution_ports"]

    # Refused (nothing listens on the broker's network address), not merely slow to answer.
    assert set(ports) == {"4369", "25672"}
    assert all("Connection refused" in state for state in ports.values()), ports


def test_no_containers_log_holds_a_secret_of_the_compose_stack(seen_from_each_service):
    known = stack_probe.secrets()

    # Every kind: database passwords, broker passwords, API and service tokens.
    assert "pyramid-broker-password" in known
    assert "orders-migrator-password" in known
    assert "orders-to-users-token" in known
    assert stack_probe.logged_secrets(known) == []
