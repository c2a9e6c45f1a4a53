"""failed payments have a decline code, derived from their reason

A failed payment said why only in words ("amount exceeds the limit of 100000 cents"), which a
report can count only by parsing them. The code (domain.DeclineCode) is now stored beside the
reason; the failed payments stored so far get theirs from the wording of their reason. A failed
payment whose reason names no known code stops the upgrade: a guessed code would be wrong data.

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

# The code of each reason the payment rule has written: the wording -> the code.
CODES = {"amount exceeds the limit of % cents": "limit_exceeded"}


def upgrade() -> None:
    op.add_column("payments", sa.Column("decline_code", sa.String(length=32), nullable=True))
    for wording, code in CODES.items():
        op.get_bind().execute(
            sa.text(
                "UPDATE payments SET decline_code = :code"
                " WHERE status = 'failed' AND reason LIKE :wording"
            ),
            {"code": code, "wording": wording},
        )
    unknown = op.get_bind().execute(
        sa.text(
            "SELECT DISTINCT coalesce(reason, '(no reason)') FROM payments"
            " WHERE status = 'failed' AND decline_code IS NULL ORDER BY 1"
        )
    )
    if reasons := list(unknown.scalars()):
        raise RuntimeError(
            "cannot give these failed payments a decline code, their reason is not known: "
            f"{'; '.join(reasons)}. Add its code to this migration's CODES, then upgrade again."
        )
    op.create_check_constraint(
        op.f("ck_payments_decline_code_is_known"), "payments", "decline_code IN ('limit_exceeded')"
    )
    op.create_check_constraint(
        op.f("ck_payments_failed_has_a_decline_code"),
        "payments",
        "(status = 'failed') = (decline_code IS NOT NULL)",
    )


def downgrade() -> None:
    op.drop_constraint(op.f("ck_payments_failed_has_a_decline_code"), "payments", type_="check")
    op.drop_constraint(op.f("ck_payments_decline_code_is_known"), "payments", type_="check")
    op.drop_column("payments", "decline_code")
