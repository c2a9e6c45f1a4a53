"""The notifications migrations pass the kit's checks of every service's migrations."""

from notifications.migrate import ALEMBIC_INI
from notifications.models import Base

from testkit.migrations import MigrationChecks


class TestMigrations(MigrationChecks):
    alembic_ini = ALEMBIC_INI
    metadata = Base.metadata
