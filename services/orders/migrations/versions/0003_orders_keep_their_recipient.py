"""orders keep their recipient: the user's e-mail and name when the order was placed

order.confirmed and order.cancelled carry them (docs/events.md, version 1.1), so that
notifications need not ask the users service for every order. The orders of before have none:
their events leave notifications to ask, as it did.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("orders", sa.Column("recipient_email", sa.String(length=320), nullable=True))
    op.add_column("orders", sa.Column("recipient_name", sa.String(length=200), nullable=True))


def downgrade() -> None:
    op.drop_column("orders", "recipient_name")
    op.drop_column("orders", "recipient_email")
