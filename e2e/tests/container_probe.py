"""Run inside a service's container (`python - <service>`): what a hostile holder of it may do.

Not a test and not imported by one: stack_probe.py sends this file's text to the container's
Python, which has the service's drivers (psycopg, pika) and environment, and reads back one JSON
object of outcomes, which it judges. Whatever succeeds is undone (a transaction rolled back, an
exchange or binding deleted) so that the probe can run against any stack, again and again.

- every database URL of the environment: who it logs in as, whether it may change the schema,
  whether it may connect to the server's other databases;
- the environment and the files a process of the container can read: a schema owner's login;
- the broker's Erlang distribution ports (epmd 4369, the node's 25672): reachable or not;
- with the service's broker user: every way of getting a routing key it does not own into the
  events exchange (a direct publish; an exchange of its own, or any it may use, bound into it;
  the default exchange straight into another service's queue), and of reading events it may
  not (binding the events exchange to a queue or exchange of its own).
"""

import contextlib
import json
import os
import socket
import sys
from pathlib import Path

import pika
import psycopg
from pika.exceptions import AMQPError, ChannelClosedByBroker, UnroutableError

EVENTS = "domain-events"
EVENT_TYPES = ["order.placed", "order.confirmed", "order.cancelled"]
EVENT_TYPES += ["payment.succeeded", "payment.failed"]
# The family each producer owns; a service that publishes nothing owns none.
OWN_FAMILY = {"orders": "order.", "payments": "payment."}
# What every vhost has: exchanges a user might be allowed to publish to and bind from.
BUILT_IN = ["amq.direct", "amq.fanout", "amq.topic", "amq.headers", "amq.match"]
# Where a schema owner's login could hide in a container; the venv and the OS are packages.
SEARCHED = ["/app", "/etc", "/tmp", "/var/tmp", "/root", "/home", "/run"]  # noqa: S108 (read)
SKIPPED = ["/app/.venv"]
MAX_FILE_BYTES = 1_000_000


def outcome(attempt) -> str:
    """'allowed', or the refusal: the broker's reply code and text, or the error's."""
    try:
        attempt()
        return "allowed"
    except ChannelClosedByBroker as error:
        return f"{error.reply_code} {error.reply_text}"
    except UnroutableError:
        return "allowed (unroutable)"
    except (AMQPError, psycopg.Error, OSError) as error:
        return f"refused: {error!r}"


def libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def database_logins() -> dict:
    """For each environment variable holding a database URL: what that login may do."""
    found = {}
    for name, url in sorted(os.environ.items()):
        if not url.startswith("postgresql"):
            continue
        found[name] = login(libpq(url))
    return found


def login(url: str) -> dict:
    with psycopg.connect(url, connect_timeout=5) as connection:
        connection.execute("SET lock_timeout = '2s'")
        user, superuser, create_db, create_role = connection.execute(
            "SELECT current_user, rolsuper, rolcreatedb, rolcreaterole"
            " FROM pg_roles WHERE rolname = current_user"
        ).fetchone()
        ddl = {}
        for statement in (
            "CREATE TABLE probe_ddl (id int)",
            "CREATE SCHEMA probe_ddl",
            "ALTER TABLE alembic_version ADD COLUMN probe_ddl int",
        ):
            try:
                connection.execute(statement)
                ddl[statement] = "allowed"
            except psycopg.Error as error:
                ddl[statement] = error.sqlstate
            connection.rollback()  # whatever it did, undone; a failed statement ends it too
    databases = {}
    for other in ("postgres", "template1"):
        other_url = url.rsplit("/", 1)[0] + "/" + other
        databases[other] = outcome(
            lambda u=other_url: psycopg.connect(u, connect_timeout=5).close()
        )
    return {
        "user": user,
        "superuser": superuser,
        "createdb": create_db,
        "createrole": create_role,
        "ddl": ddl,
        "other_databases": databases,
    }


def schema_owner_traces() -> list[str]:
    """Where a migrator's login shows: this environment, a process's, or a readable file."""
    traces = [f"environment: {name}" for name, value in os.environ.items() if "_migrator" in value]
    for environ in Path("/proc").glob("[0-9]*/environ"):
        with contextlib.suppress(OSError):
            if b"_migrator" in environ.read_bytes():
                traces.append(str(environ))
    for top in SEARCHED:
        for path in Path(top).rglob("*"):
            if any(str(path).startswith(skipped) for skipped in SKIPPED):
                continue
            with contextlib.suppress(OSError):
                small_file = path.is_file() and path.stat().st_size <= MAX_FILE_BYTES
                if small_file and b"_migrator:" in path.read_bytes():
                    traces.append(str(path))
    return traces


def distribution_ports(host: str) -> dict:
    found = {}
    for port in (4369, 25672):
        try:
            socket.create_connection((host, port), timeout=3).close()
            found[str(port)] = "open"
        except OSError as error:
            found[str(port)] = f"closed: {error}"
    return found


def foreign_keys(service: str) -> list[str]:
    own = OWN_FAMILY.get(service)
    return [key for key in EVENT_TYPES if own is None or not key.startswith(own)]


def broker_attacks(url: str, service: str) -> dict:
    """Each route a forged event could take into the events exchange, and the broker's answer.

    Every attempt is expected to be refused. A publish through an exchange is tried only once
    its binding into the events exchange was allowed: then it shows the forged event routed.
    """
    connection = pika.BlockingConnection(pika.URLParameters(url))
    own_exchange = f"{service}.probe-forgery"
    dead_letters = f"{service}.dead-letter"
    # Exchanges it could publish to if it may bind them: its own, its dead letters', amq.*.
    sources = [own_exchange, dead_letters, *BUILT_IN]
    outcomes: dict[str, str] = {}
    made: list[tuple] = []  # what was allowed, to undo

    def attempt(name: str, action, undo_with: tuple | None = None) -> bool:
        channel = connection.channel()
        channel.confirm_delivery()
        outcomes[name] = outcome(lambda: action(channel))
        if channel.is_open:
            channel.close()
        allowed = outcomes[name].startswith("allowed")
        if allowed and undo_with:
            made.append(undo_with)
        return allowed

    try:
        attempt(
            f"declare exchange {own_exchange}",
            lambda c: c.exchange_declare(own_exchange, "topic", auto_delete=True),
            ("exchange_delete", own_exchange),
        )
        bound = [
            source
            for source in sources
            if attempt(
                f"bind {source} into {EVENTS}",
                lambda c, s=source: c.exchange_bind(EVENTS, s, routing_key="#"),
                ("exchange_unbind", EVENTS, source, "#"),
            )
        ]
        for key in foreign_keys(service):
            attempt(f"publish {key} to {EVENTS}", lambda c, k=key: publish(c, EVENTS, k))
            for source in bound:
                attempt(f"publish {key} via {source}", lambda c, s=source, k=key: publish(c, s, k))
            # The default exchange delivers to the queue the routing key names.
            for consumer in ("catalog", "orders", "payments", "notifications"):
                if consumer != service:
                    queue = f"{consumer}.{key}"
                    attempt(f"publish to queue {queue}", lambda c, q=queue: publish(c, "", q))
        # Reading what it may not: the events exchange bound to a queue or exchange of its own.
        for key in EVENT_TYPES:
            attempt(
                f"bind {EVENTS} to queue {dead_letters} by {key}",
                lambda c, k=key: c.queue_bind(dead_letters, EVENTS, routing_key=k),
                ("queue_unbind", dead_letters, EVENTS, key),
            )
        attempt(
            f"bind {EVENTS} to exchange {dead_letters}",
            lambda c: c.exchange_bind(dead_letters, EVENTS, routing_key="#"),
            ("exchange_unbind", dead_letters, EVENTS, "#"),
        )
    finally:
        undo(connection, made)
    return outcomes


def publish(channel, exchange: str, routing_key: str) -> None:
    """A forged event that no consumer could mistake for a real one (it is no envelope)."""
    body = json.dumps({"probe": "forged event, not an envelope"}).encode()
    channel.basic_publish(exchange, routing_key, body, mandatory=True)


def undo(connection, made: list[tuple]) -> None:
    """Unbind and delete, newest first, what the broker allowed (only a leaky broker does)."""
    for method, *arguments in reversed(made):
        with contextlib.suppress(AMQPError):
            channel = connection.channel()
            getattr(channel, method)(*arguments)
            channel.close()
    with contextlib.suppress(AMQPError):
        connection.close()


def main(service: str) -> dict:
    prefix = service.upper() + "_"
    broker_url = os.environ.get(prefix + "BROKER_URL")
    return {
        "service": service,
        "databases": database_logins(),
        "schema_owner_traces": schema_owner_traces(),
        "distribution_ports": distribution_ports(os.environ.get("PROBE_BROKER_HOST", "broker")),
        "broker": broker_attacks(broker_url, service) if broker_url else {},
    }


print(json.dumps(main(sys.argv[1])))
