"""place_order with fake clients and a fake session: the order of its steps and its failures."""

import logging
import uuid
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from orders.catalog_client import ReservationKept, ReservationLine
from orders.schemas import OrderCreate
from orders.service import place_order
from sqlalchemy.exc import OperationalError

from chassis.downstream import DownstreamUnavailable
from chassis.errors import BadRequest, Conflict, ServiceUnavailable


class FakeSession:
    """Just what place_order uses of a Session; `fail_at` plays a database that fails there.

    Each INSERT is sent at once (`execute`: the order, its lines, its outbox row), as
    (table, values); they are kept only when the transaction commits.
    """

    def __init__(self, *, fail_at: str | None = None) -> None:
        self.fail_at = fail_at
        self.added: list[tuple[str, object]] = []
        self.committed: list[tuple[str, object]] = []

    def execute(self, statement, rows: list[dict] | None = None) -> "FakeSession":
        table = statement.table.name
        self.fail_if(f"INSERT {table}")
        self.added.append((table, statement.compile().params if rows is None else rows))
        return self

    def one(self) -> SimpleNamespace:
        """The order's timestamps, as the database makes them on insert."""
        now = datetime.now(UTC)
        return SimpleNamespace(created_at=now, updated_at=now)

    def commit(self) -> None:
        self.fail_if("COMMIT")
        self.committed, self.added = self.added, []

    def fail_if(self, step: str) -> None:
        if self.fail_at == step:
            raise OperationalError(step, {}, Exception("the server closed the connection"))

    def rollback(self) -> None:
        self.added = []


def an_order_for(user_id: uuid.UUID, *lines: tuple[str, int]) -> OrderCreate:
    return OrderCreate(
        user_id=user_id, lines=[{"sku": sku, "quantity": quantity} for sku, quantity in lines]
    )


def test_a_placed_order_is_reserved_priced_and_committed_with_its_event(users, catalog):
    session = FakeSession()
    data = an_order_for(users.add(), (catalog.add("A", 250), 2), (catalog.add("B", 1000), 1))

    order = place_order(session, data=data, users=users, catalog=catalog)

    assert order.total_cents == 2 * 250 + 1000
    assert [(line.sku, line.unit_price_cents) for line in order.lines] == [("A", 250), ("B", 1000)]
    assert catalog.reserved == {order.id: [ReservationLine("A", 2), ReservationLine("B", 1)]}
    assert [table for table, _ in session.committed] == ["orders", "order_lines", "outbox"]
    [(_, stored), (_, stored_lines), (_, event)] = session.committed
    assert (stored["id"], stored["total_cents"]) == (order.id, order.total_cents)
    # Where its e-mails go, as users answered: order.confirmed and order.cancelled carry it.
    assert (stored["recipient_email"], stored["recipient_name"]) == (
        f"{data.user_id.hex[:8]}@example.com",
        "Ada Lovelace",
    )
    assert [(line["sku"], line["unit_price_cents"]) for line in stored_lines] == [
        ("A", 250),
        ("B", 1000),
    ]
    assert event["type"] == "order.placed"
    assert event["payload"]["data"]["lines"] == [
        {"sku": "A", "quantity": 2, "unit_price_cents": 250},
        {"sku": "B", "quantity": 1, "unit_price_cents": 1000},
    ]


def test_an_unknown_user_is_refused_before_the_catalog_is_asked(users, catalog):
    session = FakeSession()

    with pytest.raises(BadRequest) as raised:
        place_order(
            session, data=an_order_for(uuid.uuid4(), ("A", 1)), users=users, catalog=catalog
        )

    assert [error.field for error in raised.value.errors] == ["user_id"]
    assert catalog.reserved == {}


def test_every_unknown_sku_is_named_by_its_line(users, catalog):
    data = an_order_for(users.add(), ("X", 1), (catalog.add("A", 1), 1), ("Y", 1))

    with pytest.raises(BadRequest) as raised:
        place_order(FakeSession(), data=data, users=users, catalog=catalog)

    assert [error.field for error in raised.value.errors] == ["lines[0].sku", "lines[2].sku"]
    assert catalog.reserved == {}


def test_short_stock_is_a_conflict_and_nothing_is_added(users, catalog):
    session = FakeSession()
    catalog.stock_short = True

    with pytest.raises(Conflict):
        place_order(
            session,
            data=an_order_for(users.add(), (catalog.add("A", 1), 5)),
            users=users,
            catalog=catalog,
        )

    assert session.added == session.committed == []
    assert catalog.released == []


@pytest.mark.parametrize(
    "step",
    ["INSERT orders", "INSERT order_lines", "INSERT outbox", "COMMIT"],
    ids=["order insert", "lines insert", "outbox insert", "commit"],
)
def test_a_database_failing_to_store_releases_the_reservation_and_is_a_503(users, catalog, step):
    session = FakeSession(fail_at=step)

    with pytest.raises(ServiceUnavailable):
        place_order(
            session,
            data=an_order_for(users.add(), (catalog.add("A", 1), 1)),
            users=users,
            catalog=catalog,
        )

    [reserved_for] = catalog.reserved
    assert catalog.released == [reserved_for]
    assert not any(table == "orders" for table, _ in session.committed)


def test_a_reserve_whose_answer_is_lost_is_released_and_the_outage_passes_through(users, catalog):
    session = FakeSession()

    def answer_lost(order_id: uuid.UUID) -> None:
        # The catalog took the stock (recorded), then its answer never came back.
        raise DownstreamUnavailable("the catalog service did not answer", service="catalog")

    catalog.after_reserve = answer_lost

    with pytest.raises(DownstreamUnavailable):
        place_order(
            session,
            data=an_order_for(users.add(), (catalog.add("A", 1), 1)),
            users=users,
            catalog=catalog,
        )

    [reserved_for] = catalog.reserved
    assert catalog.released == [reserved_for]
    assert session.added == session.committed == []


def test_a_commit_that_went_through_after_all_keeps_the_stock_the_catalog_says_it_saw_placed(
    users, catalog, caplog
):
    # The commit failed here, but reached the database: order.placed went out, the catalog
    # confirmed the hold, and refuses the release (its 409). Not an outage, and no traceback.
    def seen_placed(order_id: uuid.UUID) -> None:
        raise ReservationKept(f"the catalog keeps the stock of placed order {order_id}")

    catalog.release = seen_placed

    with (
        caplog.at_level(logging.WARNING, logger="orders.service"),
        pytest.raises(ServiceUnavailable),
    ):
        place_order(
            FakeSession(fail_at="COMMIT"),
            data=an_order_for(users.add(), (catalog.add("A", 1), 1)),
            users=users,
            catalog=catalog,
        )

    [reserved_for] = catalog.reserved
    [record] = caplog.records
    assert (record.levelno, record.exc_info) == (logging.WARNING, None)
    assert record.getMessage() == (
        f"order {reserved_for} was stored after all: the catalog keeps its stock"
    )
