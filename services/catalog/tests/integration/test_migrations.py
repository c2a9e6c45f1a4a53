"""The catalog migrations pass the kit's checks, and 0002 keeps the holds made before expiry."""

import uuid

import pytest
from catalog.migrate import ALEMBIC_INI
from catalog.models import Base
from sqlalchemy.exc import IntegrityError

from testkit.checks.migrations import MigrationChecks

ADD_PRODUCT = "INSERT INTO products (sku, name, price_cents, stock) VALUES ('MUG', 'Mug', 1, 6)"
ADD_RESERVATION = (
    "INSERT INTO reservations (order_id, status, created_at) VALUES"
    " (:order_id, :status, now() - interval '1 day')"
)
ADD_LINE = "INSERT INTO reservation_lines (order_id, sku, quantity) VALUES (:order_id, 'MUG', 2)"


def add(database, status: str) -> uuid.UUID:
    order_id = uuid.uuid4()
    database.execute(ADD_RESERVATION, {"order_id": order_id, "status": status})
    database.execute(ADD_LINE, {"order_id": order_id})
    return order_id


def reservations(database) -> dict[uuid.UUID, tuple]:
    rows = database.execute("SELECT * FROM reservations")
    return {row.order_id: row for row in rows}


# Its tests are the kit's (testkit/checks/migrations.py, infra/testkit/README.md): this class
# names what they check in this service; `pytest --collect-only` lists them.
class TestMigrations(MigrationChecks):
    alembic_ini = ALEMBIC_INI
    metadata = Base.metadata

    def test_0002_takes_the_holds_of_before_as_confirmed_so_that_none_expires(self, postgres):
        with self.database_at(postgres, "0001") as database:
            database.execute(ADD_PRODUCT)
            held, released = add(database, "reserved"), add(database, "released")

            database.upgrade("0002")

            rows = reservations(database)
            # Nothing confirmed holds before 0002: a day-old hold is an order's stock as likely
            # as a leak, and the expiry must not give away the stock of orders that exist.
            assert rows[held].status == "confirmed"
            assert rows[held].confirmed_at == rows[held].created_at
            assert (rows[released].status, rows[released].confirmed_at) == ("released", None)
            unconfirmed = "SELECT order_id FROM reservations WHERE status = 'reserved'"
            assert database.execute(unconfirmed) == []
            assert database.execute("SELECT stock FROM products")[0].stock == 6

    def test_0002_downgrades_to_the_two_states_of_before_keeping_what_each_row_holds(
        self, postgres
    ):
        with self.database_at(postgres, "0002") as database:
            database.execute(ADD_PRODUCT)
            statuses = ["reserved", "confirmed", "released", "expired"]
            orders = {status: add(database, status) for status in statuses}

            database.downgrade("0001")

            rows = reservations(database)
            # Stock still taken is `reserved` again, stock given back `released`.
            assert {status: rows[order].status for status, order in orders.items()} == {
                "reserved": "reserved",
                "confirmed": "reserved",
                "released": "released",
                "expired": "released",
            }
            assert "confirmed_at" not in rows[orders["reserved"]]._fields
            with pytest.raises(IntegrityError, match="ck_reservations_status_is_known"):
                add(database, "expired")
