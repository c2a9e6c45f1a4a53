"""In-memory stand-ins for the bits of a SQLAlchemy Session the handlers and processing use."""

import uuid
from contextlib import contextmanager
from typing import Any

from orders.models import Order


class Result:
    def __init__(self, value: Any) -> None:
        self.value = value

    def first(self) -> tuple[Any] | None:
        return None if self.value is None else (self.value,)


class FakeSession:
    """Unique keys per table, like Postgres: an INSERT ... ON CONFLICT DO NOTHING RETURNING id
    returns a row with the new id, or none when the unique key is taken. `committed` tells
    whether the last transaction committed (True) or rolled back (False). Orders given to it
    are what `get` finds."""

    # The unique column each table's insert conflicts on.
    UNIQUE_KEYS = {"processed_messages": "id"}  # noqa: RUF012

    def __init__(self, *orders: Order) -> None:
        self.rows: dict[str, dict[Any, dict[str, Any]]] = {}
        self.added: list[object] = []
        self.committed: bool | None = None
        self.orders = {order.id: order for order in orders}

    def execute(self, statement: Any) -> Result:
        table = statement.table.name
        values = statement.compile().params
        rows = self.rows.setdefault(table, {})
        key = values[self.UNIQUE_KEYS[table]]
        if key in rows:
            return Result(None)
        rows[key] = values
        return Result(values["id"])

    def get(self, model: type, key: uuid.UUID, *, with_for_update: bool = False) -> Any:
        assert model is Order
        assert with_for_update, "an order changed by an event must be locked"
        return self.orders.get(key)

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

    def __init__(self, *orders: Order) -> None:
        self.session = FakeSession(*orders)

    def __call__(self) -> FakeSession:
        return self.session
