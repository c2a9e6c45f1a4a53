"""reserved at a price: each reservation line keeps the unit price its stock was taken at

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The lines of before were reserved at their product's price of then, which is not kept
    # anywhere; today's is the nearest there is (a repeated reserve answered it anyway).
    op.add_column("reservation_lines", sa.Column("unit_price_cents", sa.Integer()))
    op.execute(
        "UPDATE reservation_lines SET unit_price_cents = products.price_cents"
        " FROM products WHERE products.sku = reservation_lines.sku"
    )
    op.alter_column("reservation_lines", "unit_price_cents", nullable=False)


def downgrade() -> None:
    op.drop_column("reservation_lines", "unit_price_cents")
