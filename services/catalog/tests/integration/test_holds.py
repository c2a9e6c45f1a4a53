"""Holds on the real database: kept once order.placed confirms them, else expired, stock back once.

Each test's hold is dated an hour back and expired with a hold time of half an hour, so the
holds other tests leave committed in the database (made seconds ago) are never overdue here.
"""

import logging
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from catalog import holds, reservations
from catalog.models import Product, Reservation
from overdue_holds import HOLD, hold_made_an_hour_ago, product
from sqlalchemy.orm import Session

from chassis.errors import Conflict


def expire(session: Session, hold: timedelta = HOLD) -> list[uuid.UUID]:
    expired = [reservation.order_id for reservation in holds.expire_overdue(session, hold=hold)]
    session.commit()
    return expired


def state(session: Session, order_id: uuid.UUID, sku: str) -> tuple[str, int]:
    """The hold's status and the product's stock, as committed."""
    session.expire_all()
    return session.get(Reservation, order_id).status, session.get(Product, sku).stock


def test_a_hold_no_order_placed_confirmed_in_time_expires_and_its_stock_comes_back(session):
    sku = product(session)
    order_id = hold_made_an_hour_ago(session, sku)

    assert order_id in expire(session)

    assert state(session, order_id, sku) == ("expired", 10)
    assert session.get(Reservation, order_id).released_at is not None


def test_a_hold_younger_than_the_hold_time_is_kept(session):
    sku = product(session)
    order_id = hold_made_an_hour_ago(session, sku)

    assert order_id not in expire(session, hold=timedelta(hours=2))

    assert state(session, order_id, sku) == ("reserved", 6)


def test_an_expired_hold_gives_its_stock_back_once_however_often_the_expiry_runs(session):
    sku = product(session)
    order_id = hold_made_an_hour_ago(session, sku)

    expire(session)
    assert order_id not in expire(session)

    assert state(session, order_id, sku) == ("expired", 10)


def test_a_hold_confirmed_by_order_placed_is_kept_however_old(session):
    sku = product(session)
    order_id = hold_made_an_hour_ago(session, sku)

    holds.confirm_hold(session, order_id=order_id)
    assert order_id not in expire(session)

    assert state(session, order_id, sku) == ("confirmed", 6)
    assert session.get(Reservation, order_id).confirmed_at is not None


@pytest.fixture
def process_zone_14_hours_ahead(monkeypatch):
    """The process's local time zone far from UTC (the database's stays UTC), then back."""
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_hold_is_confirmed_at_the_utc_time_whatever_the_process_zone(
    session, process_zone_14_hours_ahead
):
    order_id = hold_made_an_hour_ago(session, product(session))

    holds.confirm_hold(session, order_id=order_id)
    session.commit()

    session.expire_all()
    confirmed_at = session.get(Reservation, order_id).confirmed_at
    assert abs(confirmed_at - datetime.now(UTC)) < timedelta(minutes=5)


def test_order_placed_twice_confirms_the_hold_once(session):
    sku = product(session)
    order_id = hold_made_an_hour_ago(session, sku)
    holds.confirm_hold(session, order_id=order_id)
    first = session.get(Reservation, order_id).confirmed_at

    holds.confirm_hold(session, order_id=order_id)

    assert state(session, order_id, sku) == ("confirmed", 6)
    assert session.get(Reservation, order_id).confirmed_at == first


@pytest.mark.parametrize("placed_first", [True, False], ids=["placed first", "overtaken"])
def test_order_confirmed_sells_the_hold_whether_order_placed_came_first_or_after(
    session, placed_first
):
    sku = product(session)
    order_id = hold_made_an_hour_ago(session, sku)
    if placed_first:
        holds.confirm_hold(session, order_id=order_id)

    holds.sell_hold(session, order_id=order_id)
    holds.confirm_hold(session, order_id=order_id)  # never moves a sold hold back
    assert order_id not in expire(session)

    assert state(session, order_id, sku) == ("sold", 6)
    assert session.get(Reservation, order_id).confirmed_at is not None


def test_order_cancelled_after_order_confirmed_is_refused_and_gives_nothing_back(session):
    sku = product(session)
    order_id = hold_made_an_hour_ago(session, sku)
    holds.sell_hold(session, order_id=order_id)
    session.commit()

    with pytest.raises(Conflict, match="is paid"):
        reservations.release_cancelled(session, order_id=order_id)
    session.rollback()

    assert state(session, order_id, sku) == ("sold", 6)


@pytest.mark.parametrize(
    ("event", "status"),
    [(holds.confirm_hold, "confirmed"), (holds.sell_hold, "sold")],
    ids=["order.placed", "order.confirmed"],
)
def test_a_late_order_placed_takes_the_stock_of_its_expired_hold_again(session, event, status):
    sku = product(session)
    order_id = hold_made_an_hour_ago(session, sku)
    expire(session)

    event(session, order_id=order_id)

    assert state(session, order_id, sku) == (status, 6)
    assert session.get(Reservation, order_id).released_at is None


def test_a_late_order_placed_takes_the_last_units_when_exactly_enough_are_left(session):
    sku = product(session)
    order_id = hold_made_an_hour_ago(session, sku)
    expire(session)
    session.get(Product, sku).stock = 4  # sold to others meanwhile, down to the hold's 4
    session.commit()

    holds.confirm_hold(session, order_id=order_id)

    assert state(session, order_id, sku) == ("confirmed", 0)


def test_a_late_order_placed_whose_stock_was_sold_since_is_logged_and_takes_nothing(
    session, caplog
):
    sku = product(session)
    order_id = hold_made_an_hour_ago(session, sku)
    expire(session)
    session.get(Product, sku).stock = 3  # sold to others meanwhile
    session.commit()

    with caplog.at_level(logging.ERROR, logger="catalog.holds"):
        holds.confirm_hold(session, order_id=order_id)

    assert state(session, order_id, sku) == ("expired", 3)
    assert f"order {order_id} was placed after its hold expired" in caplog.text
    assert "oversold" in caplog.text


def test_order_cancelled_after_the_expiry_gives_nothing_back_again_and_is_final(session):
    sku = product(session)
    order_id = hold_made_an_hour_ago(session, sku)
    expire(session)

    reservations.release_reservation(session, order_id=order_id)
    holds.confirm_hold(session, order_id=order_id)  # order.placed redelivered out of order

    assert state(session, order_id, sku) == ("released", 10)


def test_order_placed_for_a_released_order_takes_nothing(session):
    sku = product(session)
    order_id = hold_made_an_hour_ago(session, sku)
    reservations.release_reservation(session, order_id=order_id)

    holds.confirm_hold(session, order_id=order_id)

    assert state(session, order_id, sku) == ("released", 10)


def test_order_placed_for_an_order_never_reserved_is_logged_and_changes_nothing(session, caplog):
    order_id = uuid.uuid4()

    with caplog.at_level(logging.ERROR, logger="catalog.holds"):
        assert holds.confirm_hold(session, order_id=order_id) is None

    assert session.get(Reservation, order_id) is None
    assert [record.getMessage() for record in caplog.records] == [
        f"order {order_id} was placed, but the catalog reserved nothing for it"
    ]


@pytest.mark.parametrize("batch", [1, 2, 100])
def test_the_expiry_round_gives_back_every_overdue_hold_batch_after_batch(
    committing_session_factory, batch
):
    with committing_session_factory() as session:
        sku = product(session)
        orders = [hold_made_an_hour_ago(session, sku, quantity=1) for _ in range(3)]

    expired = holds.expire_all(committing_session_factory, hold=HOLD, batch=batch)

    assert expired >= 3
    with committing_session_factory() as session:
        assert {state(session, order_id, sku)[0] for order_id in orders} == {"expired"}
        assert session.get(Product, sku).stock == 10
