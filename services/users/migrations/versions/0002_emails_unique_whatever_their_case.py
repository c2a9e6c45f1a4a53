"""e-mails unique whatever their case: stored ones lower-cased, a unique index on lower(email)

The API has lower-cased every e-mail it stored, so the plain unique constraint was
case-insensitive only as long as nothing else wrote the table. Rows from before (or from a
script) may hold "Ada@Example.com" beside a new "ada@example.com". This revision lower-cases
and trims the stored e-mails and lets the database itself refuse a second user whose e-mail
differs only in case. Two users whose e-mails differ only in case cannot be merged by a
migration (other services hold their ids): the upgrade stops and names them instead.

The downgrade puts the plain constraint back; the original case of an e-mail is not kept.

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
    clashes = op.get_bind().execute(
        sa.text(
            "SELECT lower(trim(email)) AS email, count(*) AS users FROM users"
            " GROUP BY lower(trim(email)) HAVING count(*) > 1 ORDER BY 1"
        )
    )
    if taken := [f"{row.email} ({row.users} users)" for row in clashes]:
        raise RuntimeError(
            "cannot make e-mails unique whatever their case: these belong to more than one user"
            f" once lower-cased: {', '.join(taken)}. Merge or rename them, then upgrade again."
        )
    op.execute("UPDATE users SET email = lower(trim(email)) WHERE email <> lower(trim(email))")
    op.drop_constraint("uq_users_email", "users", type_="unique")
    op.create_index("uq_users_lower_email", "users", [sa.text("lower(email)")], unique=True)


def downgrade() -> None:
    op.drop_index("uq_users_lower_email", table_name="users")
    op.create_unique_constraint("uq_users_email", "users", ["email"])
