"""Run inside the orders container (`python -` on stdin): what its credentials let it do.

`python - migrator`, in the one-shot `orders-migrate` container instead: who the migrations log
in as (the running service holds no such login).

Not a test and not imported by one: test_least_privilege.py sends this file's text to the
container's Python, which has the service's drivers and environment, and reads back one JSON
object of outcomes. Whatever succeeds is undone (a transaction rolled back, a channel closed).
"""

import contextlib
import json
import os
import socket
import sys

import pika
import psycopg
from pika.exceptions import AMQPError, ChannelClosedByBroker

# Another service's database, with that service's own (demo) credentials from docker-compose.yml.
USERS_DB = "postgresql://users_app:users-app-password@users-db:5432/users"


def libpq(url: str) -> str:
    """The SQLAlchemy URL of the environment as libpq wants it."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def role_of(url: str, *, try_drop: bool) -> dict:
    """Who the URL logs in as, and whether it may drop a table (always rolled back)."""
    with psycopg.connect(libpq(url), connect_timeout=5) as connection:
        # A DROP the role may do waits for the service's own locks: not for long.
        connection.execute("SET lock_timeout = '2s'")
        user, superuser = connection.execute(
            "SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user"
        ).fetchone()
        owner = connection.execute(
            "SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'orders'"
        ).fetchone()[0]
        try:
            rows = connection.execute("SELECT count(*) FROM orders").fetchone()[0]
        except psycopg.Error as error:
            rows = error.sqlstate
            connection.rollback()
        dropped = None
        if try_drop:
            try:
                connection.execute("DROP TABLE order_lines")
                dropped = "dropped"
            except psycopg.Error as error:
                dropped = error.sqlstate
        connection.rollback()
    return {"user": user, "superuser": superuser, "owner": owner, "rows": rows, "drop": dropped}


def other_database() -> dict:
    try:
        socket.getaddrinfo("users-db", 5432)
        resolves = True
    except OSError:
        resolves = False
    try:
        psycopg.connect(USERS_DB, connect_timeout=3).close()
        login = "logged in"
    except psycopg.Error as error:
        login = str(error)
    return {"resolves": resolves, "login": login}


def publish(channel, routing_key: str) -> str:
    """Publish with confirms: 'confirmed', or the broker's refusal."""
    try:
        channel.basic_publish("domain-events", routing_key, b"{}")
        return "confirmed"
    except ChannelClosedByBroker as error:
        return f"{error.reply_code} {error.reply_text}"


def broker() -> dict:
    connection = pika.BlockingConnection(pika.URLParameters(os.environ["ORDERS_BROKER_URL"]))
    try:
        outcomes = {}
        # Its own family, on a routing key no queue binds: taken and dropped, nobody sees it.
        for key in ("order.boundary-probe", "payment.succeeded"):
            channel = connection.channel()
            channel.confirm_delivery()
            outcomes[key] = publish(channel, key)
        channel = connection.channel()
        try:
            channel.basic_get("payments.order.placed", auto_ack=False)
            outcomes["consume payments.order.placed"] = "allowed"
        except ChannelClosedByBroker as error:
            outcomes["consume payments.order.placed"] = f"{error.reply_code} {error.reply_text}"
        # The shared exchange, changed in ways that would be refused anyway with the right to
        # configure it (406: another type; in use), so that the probe never changes it.
        for attempt, change in (
            ("redeclare domain-events", lambda c: c.exchange_declare("domain-events", "fanout")),
            ("delete domain-events", lambda c: c.exchange_delete("domain-events", if_unused=True)),
        ):
            try:
                change(connection.channel())
                outcomes[attempt] = "allowed"
            except ChannelClosedByBroker as error:
                outcomes[attempt] = f"{error.reply_code} {error.reply_text}"
        return outcomes
    finally:
        # An unacked message, if any was got, goes back to its queue with the connection.
        with contextlib.suppress(AMQPError):
            connection.close()


if sys.argv[1:] == ["migrator"]:
    print(json.dumps(role_of(os.environ["ORDERS_MIGRATION_DATABASE_URL"], try_drop=False)))
else:
    print(
        json.dumps(
            {
                "app": role_of(os.environ["ORDERS_DATABASE_URL"], try_drop=True),
                "other_database": other_database(),
                "broker": broker(),
            }
        )
    )
