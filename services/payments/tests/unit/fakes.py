"""In-memory stand-ins for the bits of a SQLAlchemy Session the handlers and processing use."""

from contextlib import contextmanager
from typing import Any


class Result:
    def __init__(self, value: Any) -> None:
        self.value = value

    def scalar_one_or_none(self) -> Any:
        return self.value


class FakeSession:
    """Unique keys per table, like Postgres: an INSERT ... ON CONFLICT DO NOTHING RETURNING id
    returns the new id, or None when the unique key is taken. `committed` tells whether the
    last transaction committed (True) or rolled back (False)."""

    # The unique column each table's insert conflicts on.
    UNIQUE_KEYS = {"payments": "order_id", "processed_messages": "id"}  # noqa: RUF012

    def __init__(self) -> None:
        self.rows: dict[str, dict[Any, dict[str, Any]]] = {}
        self.added: list[object] = []
        self.committed: bool | None = None

    def execute(self, statement: Any) -> Result:
        table = statement.table.name
        values = statement.compile().params
        rows = self.rows.setdefault(table, {})
        key = values[self.UNIQUE_KEYS[table]]
        if key in rows:
            return Result(None)
        rows[key] = values
        return Result(values["id"])

    def add(self, row: object) -> None:
        self.added.append(row)

    @contextmanager
    def begin(self):
        # Like a real transaction: what the block did is kept only when it ends without error.
        rows = {table: dict(keyed) for table, keyed in self.rows.items()}
        added = list(self.added)
        try:
            yield self
        except BaseException:
            self.rows, self.added, self.committed = rows, added, False
            raise
        self.committed = True

    def __enter__(self) -> "FakeSession":
        return self

    def __exit__(self, *exc_info: object) -> None:
        return None


class FakeSessionFactory:
    """Hands out one FakeSession, so that a test can look at what was written after the fact."""

    def __init__(self) -> None:
        self.session = FakeSession()

    def __call__(self) -> FakeSession:
        return self.session
