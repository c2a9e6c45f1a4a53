"""The order.cancelled handler with a fake release: what it asks for, and what it forgives."""

import uuid

import pytest
from catalog.events import ORDER_CANCELLED
from catalog.handlers import make_handlers

from chassis.errors import NotFound
from chassis.messaging.envelope import PoisonMessage, new_envelope

SESSION = object()  # the handler only hands the session on


class FakeRelease:
    def __init__(self, *, known: bool = True) -> None:
        self.known = known
        self.calls: list[tuple[object, uuid.UUID]] = []

    def __call__(self, session, *, order_id):
        self.calls.append((session, order_id))
        if not self.known:
            raise NotFound(f"no reservation for order {order_id}")


def cancelled(order_id):
    data = {"order_id": str(order_id), "user_id": str(uuid.uuid4()), "reason": "declined"}
    return new_envelope(ORDER_CANCELLED, data)


def test_the_handlers_cover_exactly_the_events_the_catalog_consumes():
    assert set(make_handlers(release=FakeRelease())) == {"order.cancelled"}


def test_a_cancelled_order_has_its_reservation_released_in_the_callers_session():
    release, order_id = FakeRelease(), uuid.uuid4()

    make_handlers(release=release)[ORDER_CANCELLED](SESSION, cancelled(order_id))

    assert release.calls == [(SESSION, order_id)]


def test_an_order_without_a_reservation_is_nothing_to_do_not_an_error():
    release = FakeRelease(known=False)

    make_handlers(release=release)[ORDER_CANCELLED](SESSION, cancelled(uuid.uuid4()))

    assert len(release.calls) == 1


def test_a_cancellation_without_order_id_is_poison_and_releases_nothing():
    release = FakeRelease()
    envelope = new_envelope(ORDER_CANCELLED, {"reason": "declined"})

    with pytest.raises(PoisonMessage, match="order_id"):
        make_handlers(release=release)[ORDER_CANCELLED](SESSION, envelope)
    assert release.calls == []
