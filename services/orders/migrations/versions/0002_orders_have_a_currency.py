"""orders have a currency: the orders placed so far were all in euros

Every price the catalog quotes, and so every order total, has been in euro cents without
saying so. The currency is now stored with the order: the existing rows are set to EUR, and
an order placed without one is in EUR too, so nothing on the API or in the events changes.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The server default fills the existing rows as the column is added (no table rewrite).
    op.add_column(
        "orders",
        sa.Column("currency", sa.String(length=3), server_default="EUR", nullable=False),
    )
    op.create_check_constraint(
        op.f("ck_orders_currency_is_iso_4217"), "orders", "currency ~ '^[A-Z]{3}$'"
    )


def downgrade() -> None:
    op.drop_constraint(op.f("ck_orders_currency_is_iso_4217"), "orders", type_="check")
    op.drop_column("orders", "currency")
