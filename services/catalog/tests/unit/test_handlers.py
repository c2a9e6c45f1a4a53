"""The catalog's handlers with fake use cases: what each asks for, and what is poison."""

import uuid

import pytest
from catalog.events import ORDER_CANCELLED, ORDER_CONFIRMED, ORDER_PLACED
from catalog.handlers import make_handlers

from chassis.errors import Conflict
from chassis.messaging.envelope import PoisonMessage, new_envelope

SESSION = object()  # the handler only hands the session on


class FakeUseCase:
    """A release or a confirm: records the session and order it was called with."""

    def __init__(self) -> None:
        self.calls: list[tuple[object, uuid.UUID]] = []

    def __call__(self, session, *, order_id):
        self.calls.append((session, order_id))


FakeRelease = FakeConfirm = FakeSell = FakeUseCase  # the names say which use case it stands in for


class RefusingRelease(FakeUseCase):
    """A release that finds the order's stock sold: the Conflict the real one raises."""

    def __call__(self, session, *, order_id):
        super().__call__(session, order_id=order_id)
        raise Conflict(f"order {order_id} is paid")


def cancelled(order_id):
    data = {"order_id": str(order_id), "user_id": str(uuid.uuid4()), "reason": "declined"}
    return new_envelope(ORDER_CANCELLED, data)


def confirmed(order_id):
    data = {"order_id": str(order_id), "user_id": str(uuid.uuid4()), "total_cents": 1}
    return new_envelope(ORDER_CONFIRMED, data)


def placed(order_id):
    data = {"order_id": str(order_id), "user_id": str(uuid.uuid4()), "total_cents": 1, "lines": []}
    return new_envelope(ORDER_PLACED, data)


def test_the_handlers_cover_exactly_the_events_the_catalog_consumes():
    handlers = make_handlers(release=FakeRelease(), confirm=FakeConfirm(), sell=FakeSell())

    assert set(handlers) == {"order.placed", "order.confirmed", "order.cancelled"}


def test_a_placed_order_has_its_hold_confirmed_in_the_callers_session_and_nothing_released():
    release, confirm, order_id = FakeRelease(), FakeConfirm(), uuid.uuid4()

    make_handlers(release=release, confirm=confirm)[ORDER_PLACED](SESSION, placed(order_id))

    assert confirm.calls == [(SESSION, order_id)]
    assert release.calls == []


@pytest.mark.parametrize("data", [{}, {"order_id": "42"}], ids=["no order_id", "not a uuid"])
def test_a_placement_without_a_valid_order_id_is_poison_and_confirms_nothing(data):
    confirm = FakeConfirm()

    with pytest.raises(PoisonMessage, match="order_id"):
        make_handlers(confirm=confirm)[ORDER_PLACED](SESSION, new_envelope(ORDER_PLACED, data))
    assert confirm.calls == []


def test_a_cancelled_order_has_its_reservation_released_in_the_callers_session():
    release, confirm, order_id = FakeRelease(), FakeConfirm(), uuid.uuid4()

    make_handlers(release=release, confirm=confirm)[ORDER_CANCELLED](SESSION, cancelled(order_id))

    assert release.calls == [(SESSION, order_id)]
    assert confirm.calls == []


def test_a_cancellation_without_order_id_is_poison_and_releases_nothing():
    release = FakeRelease()
    envelope = new_envelope(ORDER_CANCELLED, {"reason": "declined"})

    with pytest.raises(PoisonMessage, match="order_id"):
        make_handlers(release=release)[ORDER_CANCELLED](SESSION, envelope)
    assert release.calls == []


def test_a_paid_order_has_its_hold_sold_in_the_callers_session_and_nothing_else():
    release, confirm, sell, order_id = FakeRelease(), FakeConfirm(), FakeSell(), uuid.uuid4()
    handlers = make_handlers(release=release, confirm=confirm, sell=sell)

    handlers[ORDER_CONFIRMED](SESSION, confirmed(order_id))

    assert sell.calls == [(SESSION, order_id)]
    assert release.calls == confirm.calls == []


def test_a_cancellation_whose_release_is_refused_is_poison_with_the_refusals_reason():
    release, order_id = RefusingRelease(), uuid.uuid4()

    with pytest.raises(PoisonMessage, match=f"order {order_id} is paid"):
        make_handlers(release=release)[ORDER_CANCELLED](SESSION, cancelled(order_id))
    assert release.calls == [(SESSION, order_id)]
