"""The notifications migrations pass the kit's checks; 0002 marks those recorded so far e-mails."""

import uuid

import pytest
from notifications.migrate import ALEMBIC_INI
from notifications.models import Base
from sqlalchemy.exc import IntegrityError

from testkit.checks.migrations import MigrationChecks

ADD_NOTIFICATION = (
    "INSERT INTO notifications (id, user_id, order_id, kind, recipient, subject, body) VALUES"
    " (gen_random_uuid(), gen_random_uuid(), :order_id, :kind, 'ada@example.com', 'S', 'B')"
)


def add_notification(database, kind: str = "order_confirmed") -> uuid.UUID:
    order_id = uuid.uuid4()
    database.execute(ADD_NOTIFICATION, {"order_id": order_id, "kind": kind})
    return order_id


# Its tests are the kit's (testkit/checks/migrations.py, infra/testkit/README.md): this class
# names what they check in this service; `pytest --collect-only` lists them.
class TestMigrations(MigrationChecks):
    alembic_ini = ALEMBIC_INI
    metadata = Base.metadata

    def test_0002_marks_every_notification_recorded_so_far_an_email(self, postgres):
        with self.database_at(postgres, "0001") as database:
            recorded = {add_notification(database), add_notification(database, "order_cancelled")}

            database.upgrade("0002")

            rows = database.execute("SELECT order_id, channel FROM notifications")
            assert {(row.order_id, row.channel) for row in rows} == {
                (order_id, "email") for order_id in recorded
            }
            with pytest.raises(IntegrityError, match="ck_notifications_channel_is_known"):
                database.execute("UPDATE notifications SET channel = 'pigeon'")

    def test_0002_downgrades_keeping_the_notifications(self, postgres):
        with self.database_at(postgres, "0002") as database:
            order_id = add_notification(database)

            database.downgrade("0001")

            rows = database.execute("SELECT order_id FROM notifications")
            assert [row.order_id for row in rows] == [order_id]
            assert "channel" not in database.columns("notifications")
