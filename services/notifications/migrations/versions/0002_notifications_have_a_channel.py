"""notifications have a channel: every one recorded so far was an e-mail

The table recorded e-mails without saying so; the channel is now stored with each
notification, the ones recorded so far set to 'email'. The API does not show it (yet).

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
        "notifications",
        sa.Column("channel", sa.String(length=16), server_default="email", nullable=False),
    )
    op.create_check_constraint(
        op.f("ck_notifications_channel_is_known"), "notifications", "channel IN ('email')"
    )


def downgrade() -> None:
    op.drop_constraint(op.f("ck_notifications_channel_is_known"), "notifications", type_="check")
    op.drop_column("notifications", "channel")
