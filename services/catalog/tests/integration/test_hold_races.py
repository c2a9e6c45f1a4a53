"""The expiry racing order.placed, or another expiry, on two connections: decided once.

One transaction is left open at the point that matters while the other starts on its own
connection; the first commits only once Postgres shows the second waiting on it (or done).
The holds are committed, dated an hour back, and expired with a hold time of half an hour.
"""

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from catalog import holds
from catalog.events import ORDER_PLACED
from catalog.handlers import make_handlers
from catalog.models import Product, Reservation
from locks import waiting_on_locks
from overdue_holds import HOLD, hold_made_an_hour_ago, product
from sqlalchemy.orm import Session, sessionmaker

from chassis.messaging.envelope import new_envelope
from testkit.polling import eventually


@pytest.fixture
def overdue_hold(committing_session_factory):
    """A product of 10 units, 4 of them held for an hour by an unconfirmed order: (sku, order)."""
    with committing_session_factory() as session:
        sku = product(session)
        return sku, hold_made_an_hour_ago(session, sku)


def order_placed(sessions: sessionmaker[Session], order_id: uuid.UUID) -> None:
    """The consumer's order.placed handler, in a transaction of its own."""
    data = {"order_id": str(order_id), "user_id": str(uuid.uuid4()), "total_cents": 1, "lines": []}
    with sessions() as session, session.begin():
        make_handlers()[ORDER_PLACED](session, new_envelope(ORDER_PLACED, data))


def expired_in(session: Session) -> list[uuid.UUID]:
    """One expiry, in the session's transaction (left open): the orders whose holds it expired."""
    return [r.order_id for r in holds.expire_overdue(session, hold=HOLD)]


def expiry(sessions: sessionmaker[Session]) -> list[uuid.UUID]:
    """One expiry, in a transaction of its own: the orders whose holds it expired."""
    with sessions() as session, session.begin():
        return expired_in(session)


def outcome(sessions: sessionmaker[Session], sku: str, order_id: uuid.UUID) -> tuple[str, int]:
    with sessions() as session:
        return session.get(Reservation, order_id).status, session.get(Product, sku).stock


def test_order_placed_just_after_the_expiry_waits_for_it_then_takes_the_stock_again(
    database, committing_session_factory, overdue_hold
):
    sku, order_id = overdue_hold
    sessions = committing_session_factory
    with ThreadPoolExecutor(1) as pool:
        with sessions() as expiring, expiring.begin():
            assert order_id in expired_in(expiring)
            placed = pool.submit(order_placed, sessions, order_id)
            eventually(lambda: waiting_on_locks(database) == 1, what="order.placed waiting")
        placed.result(timeout=10)

    # Given back by the expiry, taken again for the order that exists after all: 4 held, once.
    assert outcome(sessions, sku, order_id) == ("confirmed", 6)


def test_the_expiry_during_order_placed_passes_the_hold_by_and_it_is_kept(
    database, committing_session_factory, overdue_hold
):
    sku, order_id = overdue_hold
    sessions = committing_session_factory
    with ThreadPoolExecutor(1) as pool:
        with sessions() as placing, placing.begin():
            holds.confirm_hold(placing, order_id=order_id)
            expiring = pool.submit(expiry, sessions)
            # Passed by at once (SKIP LOCKED), or waiting for the outcome: either is sound.
            eventually(
                lambda: expiring.done() or waiting_on_locks(database) == 1, what="the expiry"
            )
        expired = expiring.result(timeout=10)

    assert order_id not in expired
    assert outcome(sessions, sku, order_id) == ("confirmed", 6)
    assert order_id not in expiry(sessions)  # the next round leaves it too


def test_two_expiries_at_once_give_the_stock_back_once(
    database, committing_session_factory, overdue_hold
):
    sku, order_id = overdue_hold
    sessions = committing_session_factory
    with ThreadPoolExecutor(1) as pool:
        with sessions() as first, first.begin():
            assert order_id in expired_in(first)
            second = pool.submit(expiry, sessions)
            eventually(lambda: second.done() or waiting_on_locks(database) == 1, what="second")
        assert order_id not in second.result(timeout=10)

    assert outcome(sessions, sku, order_id) == ("expired", 10)
