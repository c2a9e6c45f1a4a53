"""The e-mails the service would send: subject and body, built from the event alone."""

import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class Email:
    subject: str
    body: str


def short_id(order_id: uuid.UUID) -> str:
    """The first 8 hex digits: enough for a customer to tell their orders apart."""
    return order_id.hex[:8]


def format_cents(cents: int) -> str:
    """1234567 -> '12,345.67'; money travels in integer cents and is only formatted here."""
    units, hundredths = divmod(cents, 100)
    return f"{units:,}.{hundredths:02d}"


def order_confirmed_email(*, name: str, order_id: uuid.UUID, total_cents: int) -> Email:
    return Email(
        subject=f"Your order {short_id(order_id)} is confirmed",
        body=(
            f"Hello {name},\n\n"
            f"your order {order_id} is confirmed and paid.\n"
            f"Total: {format_cents(total_cents)}\n\n"
            "Thank you for your order."
        ),
    )


def order_cancelled_email(*, name: str, order_id: uuid.UUID, reason: str) -> Email:
    return Email(
        subject=f"Your order {short_id(order_id)} is cancelled",
        body=(
            f"Hello {name},\n\n"
            f"your order {order_id} has been cancelled.\n"
            f"Reason: {reason}\n\n"
            "We are sorry it did not work out this time."
        ),
    )
