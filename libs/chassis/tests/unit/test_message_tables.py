"""The inbox's and outbox's tables as every service's migrations create them.

The services' `alembic check` compares their migrations with these definitions; this pins the
chassis' side where the chassis is tested alone, so a renamed table or index, or a column made
nullable, is not first found in five services' migration suites.
"""

from sqlalchemy import MetaData

from chassis.messaging.inbox import Inbox
from chassis.messaging.outbox import Outbox


def test_the_inbox_is_processed_messages_with_every_column_required():
    table = Inbox(MetaData()).table

    assert table.name == "processed_messages"
    assert {column.name: column.nullable for column in table.columns} == {
        "id": False,
        "type": False,
        "processed_at": False,
    }


def test_the_outbox_finds_its_unpublished_rows_through_its_named_index():
    table = Outbox(MetaData()).table

    assert "ix_outbox_unpublished" in {index.name for index in table.indexes}
