"""The users migrations pass the kit's checks, and 0002 makes the stored e-mails unique by case."""

import pytest
from sqlalchemy.exc import IntegrityError
from users.migrate import ALEMBIC_INI
from users.models import Base

from testkit.migrations import MigrationChecks

ADD_USER = "INSERT INTO users (id, email, name) VALUES (gen_random_uuid(), :email, 'A')"


def emails(database) -> list[str]:
    return sorted(row.email for row in database.execute("SELECT email FROM users"))


# Its tests are the kit's (testkit/migrations.py, infra/testkit/README.md): this class
# names what they check in this service; `pytest --collect-only` lists them.
class TestMigrations(MigrationChecks):
    alembic_ini = ALEMBIC_INI
    metadata = Base.metadata

    def test_0002_lower_cases_the_stored_emails_and_refuses_one_differing_only_in_case(
        self, postgres
    ):
        with self.database_at(postgres, "0001") as database:
            for email in (" Ada@Example.COM", "grace@example.com"):
                database.execute(ADD_USER, {"email": email})

            database.upgrade("0002")

            assert emails(database) == ["ada@example.com", "grace@example.com"]
            with pytest.raises(IntegrityError, match="uq_users_lower_email"):
                database.execute(ADD_USER, {"email": "GRACE@example.com"})

    def test_0002_downgrades_to_the_plain_unique_constraint_keeping_the_rows(self, postgres):
        with self.database_at(postgres, "0002") as database:
            database.execute(ADD_USER, {"email": "ada@example.com"})

            database.downgrade("0001")

            assert emails(database) == ["ada@example.com"]
            with pytest.raises(IntegrityError, match="uq_users_email"):
                database.execute(ADD_USER, {"email": "ada@example.com"})

    def test_0002_stops_naming_the_emails_of_two_users_that_differ_only_in_case(self, postgres):
        with self.database_at(postgres, "0001") as database:
            for email in ("Ada@example.com", "ada@example.com", "grace@example.com"):
                database.execute(ADD_USER, {"email": email})

            with pytest.raises(RuntimeError, match=r"ada@example\.com \(2 users\)\. Merge"):
                database.upgrade("0002")

            # One transaction: nothing of it stayed.
            assert database.revision == "0001"
            assert emails(database) == ["Ada@example.com", "ada@example.com", "grace@example.com"]
