"""The users migrations pass the kit's checks, and 0002 makes the stored e-mails unique by case.

0003 reports the stored look-alike e-mails and changes nothing.
"""

import logging

import pytest
from sqlalchemy.exc import IntegrityError
from users.migrate import ALEMBIC_INI
from users.models import Base

from testkit.checks.migrations import MigrationChecks

ADD_USER = "INSERT INTO users (id, email, name) VALUES (gen_random_uuid(), :email, 'A')"


def emails(database) -> list[str]:
    return sorted(row.email for row in database.execute("SELECT email FROM users"))


# Its tests are the kit's (testkit/checks/migrations.py, infra/testkit/README.md): this class
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

    def test_0003_logs_each_stored_look_alike_and_keeps_every_row_as_it_was(self, postgres, caplog):
        stored = [
            "ada@example.com",
            "\uff41\uff44\uff41@example.com",  # fullwidth: NFKC makes it ada@example.com
            "\u0430da@example.com",  # a Cyrillic a, then Latin
            "a" * 65 + "@example.com",
            "grace@example.com",
        ]
        with self.database_at(postgres, "0002") as database:
            for email in stored:
                database.execute(ADD_USER, {"email": email})

            with caplog.at_level(logging.WARNING):
                database.upgrade("0003")

            assert emails(database) == sorted(stored)
        found = [r.getMessage() for r in caplog.records if "look-alike" in r.getMessage()]
        assert len(found) == 3
        assert "\uff41\uff44\uff41@example.com" in found[0]
        assert "are all ada@example.com in NFKC" in found[0]
        assert "\u0430da@example.com" in found[1]
        assert "mixes scripts" in found[1]
        assert "longer than 64 octets" in found[2]
        assert not any("grace" in finding for finding in found)
