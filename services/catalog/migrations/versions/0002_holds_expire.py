"""holds expire: reservations confirmed by order.placed, or expired; the holds of before kept

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

CHECK = "status_is_known"


def upgrade() -> None:
    op.drop_constraint(op.f(f"ck_reservations_{CHECK}"), "reservations", type_="check")
    op.create_check_constraint(
        op.f(f"ck_reservations_{CHECK}"),
        "reservations",
        "status IN ('reserved', 'confirmed', 'released', 'expired')",
    )
    op.add_column(
        "reservations", sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True)
    )
    # Before this revision nothing confirmed a reservation, so a `reserved` row is the stock of
    # an order that was stored (and may be paid for already) at least as likely as a leak: left
    # `reserved`, the expiry would give every such order's stock away at once. They are taken to
    # be confirmed when made; a leak among them stays a leak, as it was before.
    op.execute(
        "UPDATE reservations SET status = 'confirmed', confirmed_at = created_at"
        " WHERE status = 'reserved'"
    )
    op.create_index(
        "ix_reservations_unconfirmed",
        "reservations",
        ["created_at"],
        postgresql_where=sa.text("status = 'reserved'"),
    )


def downgrade() -> None:
    op.drop_index("ix_reservations_unconfirmed", table_name="reservations")
    # Back to the two states of before: stock still taken is `reserved`, stock given back
    # (released or expired) is `released`.
    op.execute(
        "UPDATE reservations SET status = CASE status"
        " WHEN 'confirmed' THEN 'reserved' WHEN 'expired' THEN 'released' ELSE status END"
    )
    op.drop_column("reservations", "confirmed_at")
    op.drop_constraint(op.f(f"ck_reservations_{CHECK}"), "reservations", type_="check")
    op.create_check_constraint(
        op.f(f"ck_reservations_{CHECK}"), "reservations", "status IN ('reserved', 'released')"
    )
