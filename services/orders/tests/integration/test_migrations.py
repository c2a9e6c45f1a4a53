"""The orders migrations pass the kit's checks, and 0002 gives the orders placed so far EUR."""

import uuid

import pytest
from orders.migrate import ALEMBIC_INI
from orders.models import Base
from sqlalchemy.exc import IntegrityError

from testkit.checks.migrations import MigrationChecks

ADD_ORDER = (
    "INSERT INTO orders (id, user_id, status, total_cents)"
    " VALUES (:id, gen_random_uuid(), :status, 1500)"
)


# Its tests are the kit's (testkit/checks/migrations.py, infra/testkit/README.md): this class
# names what they check in this service; `pytest --collect-only` lists them.
class TestMigrations(MigrationChecks):
    alembic_ini = ALEMBIC_INI
    metadata = Base.metadata

    def test_0002_puts_the_orders_placed_so_far_in_euros(self, postgres):
        placed = {uuid.uuid4(): "PENDING", uuid.uuid4(): "CONFIRMED"}
        with self.database_at(postgres, "0001") as database:
            for order_id, status in placed.items():
                database.execute(ADD_ORDER, {"id": order_id, "status": status})

            database.upgrade("0002")

            rows = database.execute("SELECT id, status, total_cents, currency FROM orders")
            assert sorted(map(tuple, rows)) == sorted(
                (order_id, status, 1500, "EUR") for order_id, status in placed.items()
            )
            # An order stored the old way, without a currency, is in euros too.
            database.execute(ADD_ORDER, {"id": uuid.uuid4(), "status": "PENDING"})
            assert {row.currency for row in database.execute("SELECT currency FROM orders")} == {
                "EUR"
            }
            with pytest.raises(IntegrityError, match="ck_orders_currency_is_iso_4217"):
                database.execute("UPDATE orders SET currency = 'eu'")

    def test_0002_downgrades_keeping_the_orders_without_their_currency(self, postgres):
        order_id = uuid.uuid4()
        with self.database_at(postgres, "0002") as database:
            database.execute(ADD_ORDER, {"id": order_id, "status": "PENDING"})

            database.downgrade("0001")

            assert [row.id for row in database.execute("SELECT id FROM orders")] == [order_id]
            assert "currency" not in database.columns("orders")
