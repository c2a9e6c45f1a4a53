"""The payments migrations pass the kit's checks, and 0002 gives failed payments their code."""

import uuid

import pytest
from payments.migrate import ALEMBIC_INI
from payments.models import Base
from sqlalchemy.exc import IntegrityError

from testkit.checks.migrations import MigrationChecks

ADD_PAYMENT = (
    "INSERT INTO payments (id, order_id, user_id, amount_cents, status, reason)"
    " VALUES (gen_random_uuid(), :order_id, gen_random_uuid(), 100, :status, :reason)"
)
DECLINED = "amount exceeds the limit of 50 cents"


def add_payment(database, status: str, reason: str | None = None) -> uuid.UUID:
    order_id = uuid.uuid4()
    database.execute(ADD_PAYMENT, {"order_id": order_id, "status": status, "reason": reason})
    return order_id


def codes(database) -> dict[uuid.UUID, str | None]:
    rows = database.execute("SELECT order_id, decline_code FROM payments")
    return {row.order_id: row.decline_code for row in rows}


# Its tests are the kit's (testkit/checks/migrations.py, infra/testkit/README.md): this class
# names what they check in this service; `pytest --collect-only` lists them.
class TestMigrations(MigrationChecks):
    alembic_ini = ALEMBIC_INI
    metadata = Base.metadata

    def test_0002_gives_each_failed_payment_the_code_of_its_reason_and_none_to_the_others(
        self, postgres
    ):
        with self.database_at(postgres, "0001") as database:
            declined = add_payment(database, "failed", DECLINED)
            charged = add_payment(database, "succeeded")

            database.upgrade("0002")

            assert codes(database) == {declined: "limit_exceeded", charged: None}
            with pytest.raises(IntegrityError, match="ck_payments_failed_has_a_decline_code"):
                add_payment(database, "failed", DECLINED)

    def test_0002_stops_at_a_failed_payment_whose_reason_it_does_not_know(self, postgres):
        with self.database_at(postgres, "0001") as database:
            add_payment(database, "failed", DECLINED)
            add_payment(database, "failed", "card stolen")

            with pytest.raises(RuntimeError, match=r"not known: card stolen\. Add its code"):
                database.upgrade("0002")

            assert database.revision == "0001"
            assert "decline_code" not in database.columns("payments")

    def test_0002_downgrades_keeping_the_payments_and_their_reasons(self, postgres):
        with self.database_at(postgres, "0002") as database:
            database.execute(
                "INSERT INTO payments"
                " (id, order_id, user_id, amount_cents, status, reason, decline_code) VALUES"
                " (gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), 100, 'failed',"
                " :reason, 'limit_exceeded')",
                {"reason": DECLINED},
            )

            database.downgrade("0001")

            assert [row.reason for row in database.execute("SELECT reason FROM payments")] == [
                DECLINED
            ]
            assert "decline_code" not in database.columns("payments")
