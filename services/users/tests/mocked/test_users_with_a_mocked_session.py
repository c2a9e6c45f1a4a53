"""COUNTER-EXAMPLE, not part of the pyramid: users tested as a team with a mocked session would.

The session is a `unittest.mock` double, told to raise IntegrityError where the unique index
would. Every test here passes on the clean tree and still passes with the faults
`users-email-not-unique` (the index made a plain one) and `users-email-column-narrowed` (the
migration makes the column 254 characters): the mock is told what the database does, so it
cannot notice when the database stops doing it. The tests that do notice run the migrations
on a real Postgres: `tests/integration/test_migrations.py`. `nox -s "mocked(users)"` runs
these; docs/testing-strategy.md ("Why a real database beats a mocked repository") reads them.
"""

from unittest.mock import create_autospec

import pytest
from pydantic import TypeAdapter
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from users.models import User
from users.schemas import Email, UserCreate
from users.service import create_user

from chassis.errors import Conflict


def mocked_session() -> Session:
    return create_autospec(Session, instance=True)


def test_a_new_user_is_added_with_the_email_lower_cased_and_committed():
    session = mocked_session()

    user = create_user(session, data=UserCreate(email="Ada@Example.COM", name="Ada"))

    session.add.assert_called_once_with(user)
    session.commit.assert_called_once_with()
    assert user.email == "ada@example.com"


def test_a_taken_email_is_a_conflict_and_the_session_rolled_back():
    # What the team believes the unique index does, written into the mock.
    session = mocked_session()
    session.commit.side_effect = IntegrityError("INSERT", {}, Exception("uq_users_lower_email"))

    with pytest.raises(Conflict, match=r"ada@example\.com already exists"):
        create_user(session, data=UserCreate(email="ada@example.com", name="Ada"))

    session.rollback.assert_called_once_with()


def test_the_email_column_holds_the_longest_address_the_api_accepts():
    # Read from the model, since no migration runs without a database.
    longest = "a" * 64 + "@" + ".".join(["b" * 63, "c" * 63, "d" * 58]) + ".io"  # 254
    accepted = TypeAdapter(Email).validate_python(longest)

    assert User.__table__.c.email.type.length >= len(accepted)
