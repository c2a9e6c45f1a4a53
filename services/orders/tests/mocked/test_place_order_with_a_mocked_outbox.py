"""COUNTER-EXAMPLE, not part of the pyramid: the outbox tested as a team that mocks it would.

The outbox (the repository of events) and the session are `unittest.mock` doubles; the tests
check that place_order hands the outbox the session of the order and commits once, or rolls
back. They pass on the clean tree and still pass with the fault
`chassis-outbox-own-transaction` (Outbox.add commits the event on a connection of its own): the
mock records that `add` was given the right session, not which transaction the row went into,
so a rolled-back order that still publishes order.placed is invisible. Only a real rollback
shows it: `tests/integration/test_outbox_atomicity.py` here and the chassis'
`tests/integration/test_outbox.py`. `nox -s "mocked(orders)"` runs these;
docs/testing-strategy.md reads them.
"""

from unittest.mock import create_autospec

import pytest
from orders import service
from orders.schemas import OrderCreate
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from chassis.errors import ServiceUnavailable
from chassis.messaging.outbox import Outbox


@pytest.fixture
def mocked_outbox(monkeypatch) -> Outbox:
    outbox = create_autospec(Outbox, instance=True)
    monkeypatch.setattr(service, "outbox", outbox)
    return outbox


def an_order(users, catalog) -> OrderCreate:
    return OrderCreate(user_id=users.add(), lines=[{"sku": catalog.add("A", 250), "quantity": 2}])


def test_the_order_and_its_order_placed_event_are_committed_in_one_session(
    mocked_outbox, users, catalog
):
    session = create_autospec(Session, instance=True)

    order = service.place_order(
        session, data=an_order(users, catalog), users=users, catalog=catalog
    )

    tables = [call.args[0].table.name for call in session.execute.call_args_list]
    assert tables == ["orders", "order_lines"]
    [(given_session, event), _] = mocked_outbox.add.call_args
    assert given_session is session
    assert (event.type, event.data["order_id"]) == ("order.placed", str(order.id))
    session.commit.assert_called_once_with()


def test_an_order_that_cannot_be_committed_is_rolled_back_with_its_event(
    mocked_outbox, users, catalog
):
    session = create_autospec(Session, instance=True)
    session.commit.side_effect = OperationalError("COMMIT", {}, Exception("connection lost"))

    with pytest.raises(ServiceUnavailable):
        service.place_order(session, data=an_order(users, catalog), users=users, catalog=catalog)

    # The event went to the outbox with the session that rolled back: the team reads that as
    # "the event was rolled back too", which is what the mock cannot check.
    assert mocked_outbox.add.call_args.args[0] is session
    session.rollback.assert_called_once_with()
    assert catalog.released == list(catalog.reserved)
