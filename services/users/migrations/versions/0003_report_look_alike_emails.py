"""report look-alike e-mails: stored ones that the e-mail rule (users.emails) would refuse now

The API now takes an e-mail in NFKC and refuses mixed scripts and over-long parts, so that a
look-alike of a user's address cannot become another user. Rows stored before may hold such
look-alikes: `ada@example.com` in fullwidth letters (U+FF41...) beside the real one, or with a
Cyrillic "a" (U+0430). A migration cannot decide which of two users is the real one (other
services hold their ids), so this revision changes nothing: it logs each look-alike as a
warning, for an operator to look into, and the upgrade goes on. The schema is untouched, so
the downgrade has nothing to do.

Revision ID: 0003
Revises: 0002
"""

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence

import sqlalchemy as sa
from alembic import op
from users import emails

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger(__name__)


def upgrade() -> None:
    rows = op.get_bind().execute(sa.text("SELECT id, email FROM users ORDER BY created_at, id"))
    for finding in look_alikes((str(row.id), row.email) for row in rows):
        log.warning("look-alike e-mail: %s", finding)


def look_alikes(users: Iterable[tuple[str, str]]) -> list[str]:
    """What the rule finds among (id, e-mail) pairs: each clash, then each refused address."""
    by_spelling: dict[str, list[str]] = defaultdict(list)
    refused = []
    for user_id, email in users:
        spelling = str(emails.normalised(email)).lower()
        by_spelling[spelling].append(f"{email} (user {user_id})")
        try:
            emails.checked(spelling)
        except ValueError as reason:
            refused.append(f"{email} (user {user_id}) would be refused now: {reason}")
    clashes = [
        f"{', '.join(spellings)} are all {spelling} in NFKC"
        for spelling, spellings in by_spelling.items()
        if len(spellings) > 1
    ]
    return clashes + refused


def downgrade() -> None:
    pass
