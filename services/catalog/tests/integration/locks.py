"""Seeing a race happen: how many of the test database's sessions wait on a lock right now."""

from sqlalchemy import Engine, text


def waiting_on_locks(database: Engine) -> int:
    with database.connect() as connection:
        return connection.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
        )
