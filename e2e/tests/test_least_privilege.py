"""Least privilege, as the compose stack sets it up: what a service's own credentials allow.

Seen from inside the orders container (its network, its environment, its drivers), through
`docker compose exec`: boundary_probe.py runs there once, and each test judges one outcome.
The project is the compose file's, or COMPOSE_PROJECT_NAME's (the fault runner's copy).
"""

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
COMPOSE_FILE = HERE.parents[1] / "docker-compose.yml"
# pg's SQLSTATE for "permission denied" (must be owner, no privilege).
INSUFFICIENT_PRIVILEGE = "42501"


@pytest.fixture(scope="module")
def seen_from_orders(system) -> dict[str, Any]:
    """The probe's outcomes, from one `python -` in the orders container (a second or so)."""
    command = ["docker", "compose", "--file", str(COMPOSE_FILE), "exec", "-T", "orders"]
    done = subprocess.run(  # noqa: S603 (a fixed command)
        [*command, "python", "-"],
        input=(HERE / "boundary_probe.py").read_text(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, f"the probe failed in the orders container:\n{done.stderr}"
    return json.loads(done.stdout)


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


def test_the_migrations_own_the_schema_without_being_a_superuser(seen_from_orders):
    migrator, app = seen_from_orders["migrator"], seen_from_orders["app"]

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
