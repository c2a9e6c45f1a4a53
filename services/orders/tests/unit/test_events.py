"""The payloads orders reads: what a payment event must carry, and what it may carry besides."""

import uuid

import pytest
from orders.events import PAYMENT_FAILED, PaymentFailed, PaymentSucceeded

from chassis.messaging.envelope import PoisonMessage, new_envelope, read_payload


def test_a_payment_failed_missing_a_field_is_poison_naming_it():
    envelope = new_envelope(
        PAYMENT_FAILED, {"payment_id": str(uuid.uuid4()), "order_id": str(uuid.uuid4())}
    )

    with pytest.raises(PoisonMessage, match="amount_cents"):
        read_payload(envelope, PaymentFailed)


def test_a_payment_failed_with_an_empty_reason_is_poison():
    data = {
        "payment_id": str(uuid.uuid4()),
        "order_id": str(uuid.uuid4()),
        "amount_cents": 5,
        "reason": "",
    }

    with pytest.raises(PoisonMessage, match="reason"):
        read_payload(new_envelope(PAYMENT_FAILED, data), PaymentFailed)


@pytest.mark.parametrize("amount_cents", [True, "5"], ids=["true", "a string"])
@pytest.mark.parametrize(
    ("model", "extra"),
    [(PaymentSucceeded, {}), (PaymentFailed, {"reason": "card declined"})],
    ids=["payment.succeeded", "payment.failed"],
)
def test_an_amount_that_is_not_an_integer_is_poison(model, extra, amount_cents):
    data = {
        "payment_id": str(uuid.uuid4()),
        "order_id": str(uuid.uuid4()),
        "amount_cents": amount_cents,
        **extra,
    }

    with pytest.raises(PoisonMessage, match="amount_cents"):
        read_payload(new_envelope(PAYMENT_FAILED, data), model)


@pytest.mark.parametrize(
    ("model", "extra"),
    [(PaymentSucceeded, {}), (PaymentFailed, {"reason": "card declined"})],
    ids=["payment.succeeded", "payment.failed"],
)
def test_fields_orders_does_not_read_are_ignored(model, extra):
    order_id = uuid.uuid4()
    data = {
        "payment_id": str(uuid.uuid4()),
        "order_id": str(order_id),
        "amount_cents": 5,
        "card_brand": "visa",
        **extra,
    }

    assert read_payload(new_envelope("payment.x", data), model).order_id == order_id
