"""A small history in a temporary clone of this repository, for can-i-deploy to answer from.

From the clone's HEAD (B, the base every service is first deployed at), one commit per change a
team makes, each through the services' own code and contract tests:

    B ── N1  notifications and orders read a user's `email_address` (their clients and pacts)
    │    └── U1  users renames `email` to `email_address` (fault 01-users-email-renamed)
    ├── A1  users adds a field to the user it answers
    ├── O1  orders drops `total_cents` from order.placed
    └── S1  notifications' pact asks users for a provider state users has no handler for

Module-scoped: the five questions share the clone, so a worktree, an environment, a consumer's
pacts or a verdict one question made is reused by the next, as it would be for a team.
"""

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from testkit.workspace import workspace_root

# The state S1's pact names, which no version of users sets up.
NEW_STATE = "a user exists with a verified e-mail address"

GIT = ("git", "-c", "user.name=deploy-tests", "-c", "user.email=deploy-tests@localhost")


@dataclass(frozen=True)
class History:
    root: Path  # the clone
    base: str
    consumers_read_email_address: str
    users_renames_email: str
    users_adds_a_field: str
    orders_drops_total_cents: str
    notifications_needs_a_new_state: str
    new_state: str = NEW_STATE  # the state its pact names

    def commit_of(self, ref: str) -> str:
        return git(self.root, "rev-parse", ref)


def git(root: Path, *args: str) -> str:
    command = [*GIT, "-C", str(root), *args]
    done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    return done.stdout.strip()


def edit(root: Path, path: str, old: str, new: str) -> None:
    """Replace the one occurrence of `old` in `path`: the change fails loudly if the code moved."""
    file = root / path
    text = file.read_text()
    assert text.count(old) == 1, f"{path} no longer holds exactly one {old!r}"
    file.write_text(text.replace(old, new))


def commit(root: Path, message: str) -> str:
    git(root, "commit", "--quiet", "--all", "--message", message)
    return git(root, "rev-parse", "HEAD")


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> History:
    source = workspace_root(pytestconfig.rootpath)
    root = tmp_path_factory.mktemp("history") / "repo"
    git(source, "clone", "--quiet", str(source), str(root))
    base = git(source, "rev-parse", "HEAD")  # the commit under test, whatever branch it is on
    git(root, "checkout", "--quiet", base)

    client = "services/notifications/src/notifications/users_client.py"
    edit(
        root,
        client,
        "    id: uuid.UUID\n    email: str\n",
        "    id: uuid.UUID\n    email_address: str\n",
    )
    edit(root, client, "email=user.email,", "email=user.email_address,")
    notifications_consumer = "services/notifications/tests/contract/test_users_consumer.py"
    edit(root, notifications_consumer, '"email": match.regex(', '"email_address": match.regex(')
    # orders reads the user's e-mail too (the recipient its events carry): the same move.
    client = "services/orders/src/orders/users_client.py"
    edit(
        root,
        client,
        '    """The fields read from `GET /users/{id}`; the others are ignored."""\n\n'
        "    id: uuid.UUID\n    email: str\n",
        '    """The fields read from `GET /users/{id}`; the others are ignored."""\n\n'
        "    id: uuid.UUID\n    email_address: str\n",
    )
    edit(root, client, "email=user.email,", "email=user.email_address,")
    orders_consumer = "services/orders/tests/contract/test_users_consumer.py"
    edit(root, orders_consumer, '"email": match.str(', '"email_address": match.str(')
    reads_email_address = commit(root, "notifications and orders read a user's email_address")

    git(root, "apply", "infra/faults/01-users-email-renamed.patch")
    renames_email = commit(root, "users renames email to email_address")

    git(root, "checkout", "--quiet", base)
    schemas = "services/users/src/users/schemas.py"
    edit(
        root,
        schemas,
        "    created_at: datetime\n",
        '    created_at: datetime\n    locale: str = "en"\n',
    )
    adds_a_field = commit(root, "users adds a user's locale")

    git(root, "checkout", "--quiet", base)
    edit(
        root,
        "services/orders/src/orders/events.py",
        "    total_cents: int = Field(strict=True)\n    lines",
        "    lines",
    )
    edit(
        root,
        "services/orders/src/orders/service.py",
        "            total_cents=order.total_cents,\n            lines=",
        "            lines=",
    )
    drops_total_cents = commit(root, "orders drops total_cents from order.placed")

    git(root, "checkout", "--quiet", base)
    edit(
        root,
        notifications_consumer,
        '.given("a user exists")',
        f'.given("{NEW_STATE}")',
    )
    needs_a_new_state = commit(root, "notifications asks for a user with a verified address")

    git(root, "checkout", "--quiet", base)
    # The worktrees can-i-deploy makes are registered in the clone alone: they go with it.
    return History(
        root,
        base,
        reads_email_address,
        renames_email,
        adds_a_field,
        drops_total_cents,
        needs_a_new_state,
    )
