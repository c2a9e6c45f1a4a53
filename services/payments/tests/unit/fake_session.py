"""An in-memory stand-in for the bit of a SQLAlchemy Session the handlers use."""

from typing import Any


class Result:
    def __init__(self, value: Any) -> None:
        self.value = value

    def scalar_one_or_none(self) -> Any:
        return self.value


class FakeSession:
    """Unique keys per table, like Postgres: an INSERT ... ON CONFLICT DO NOTHING RETURNING id
    returns the new id, or None when the unique key is taken; a plain INSERT (the outbox's) is
    kept under its id."""

    # The unique column each table's insert conflicts on.
    UNIQUE_KEYS = {"payments": "order_id", "outbox": "id"}  # noqa: RUF012

    def __init__(self) -> None:
        self.rows: dict[str, dict[Any, dict[str, Any]]] = {}

    def execute(self, statement: Any) -> Result:
        table = statement.table.name
        values = statement.compile().params
        rows = self.rows.setdefault(table, {})
        key = values[self.UNIQUE_KEYS[table]]
        if key in rows:
            return Result(None)
        rows[key] = values
        return Result(values["id"])
