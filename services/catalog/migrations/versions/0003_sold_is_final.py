"""sold is final: a reservation whose order was paid (order.confirmed) is `sold`

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHECK = "status_is_known"


def upgrade() -> None:
    # Only the constraint: which `confirmed` reservations of before are paid for, the catalog
    # cannot tell (it never read order.confirmed). They stay `confirmed`: a DELETE is refused
    # them, an order.cancelled still gives their stock back, as before this revision.
    op.drop_constraint(op.f(f"ck_reservations_{CHECK}"), "reservations", type_="check")
    op.create_check_constraint(
        op.f(f"ck_reservations_{CHECK}"),
        "reservations",
        "status IN ('reserved', 'confirmed', 'sold', 'released', 'expired')",
    )


def downgrade() -> None:
    op.execute("UPDATE reservations SET status = 'confirmed' WHERE status = 'sold'")
    op.drop_constraint(op.f(f"ck_reservations_{CHECK}"), "reservations", type_="check")
    op.create_check_constraint(
        op.f(f"ck_reservations_{CHECK}"),
        "reservations",
        "status IN ('reserved', 'confirmed', 'released', 'expired')",
    )
