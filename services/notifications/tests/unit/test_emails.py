"""The e-mails' subject and body, built from the event alone."""

import uuid

import pytest
from notifications.emails import format_cents, order_cancelled_email, order_confirmed_email

ORDER_ID = uuid.UUID("6f1c2a9e-0c1b-4e43-9d51-2b7f6f0f5a10")


@pytest.mark.parametrize(
    ("cents", "text"),
    [(0, "0.00"), (5, "0.05"), (1250, "12.50"), (100, "1.00"), (123456789, "1,234,567.89")],
)
def test_cents_are_formatted_as_units_and_hundredths(cents, text):
    assert format_cents(cents) == text


def test_a_confirmation_names_the_order_by_its_short_id_and_gives_the_total():
    email = order_confirmed_email(name="Ada", order_id=ORDER_ID, total_cents=1250)

    assert email.subject == "Your order 6f1c2a9e is confirmed"
    assert "Hello Ada" in email.body
    assert str(ORDER_ID) in email.body
    assert "Total: 12.50" in email.body


def test_a_cancellation_gives_the_reason():
    email = order_cancelled_email(name="Ada", order_id=ORDER_ID, reason="payment declined")

    assert email.subject == "Your order 6f1c2a9e is cancelled"
    assert "Reason: payment declined" in email.body
    assert email.body.splitlines()[-1] == "We are sorry it did not work out this time."
