"""The payment rule: pure, deterministic, and the only place that decides an order's fate."""

from dataclasses import dataclass
from enum import StrEnum


class PaymentStatus(StrEnum):
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class DeclineCode(StrEnum):
    """Why a payment failed, for a machine to count; `Decision.reason` says it to a person."""

    LIMIT_EXCEEDED = "limit_exceeded"


@dataclass(frozen=True)
class Decision:
    """What charging an order came to; `reason` and `code` say why when it failed."""

    status: PaymentStatus
    reason: str | None = None
    code: DeclineCode | None = None

    @property
    def succeeded(self) -> bool:
        return self.status is PaymentStatus.SUCCEEDED


def decide(total_cents: int, *, limit_cents: int) -> Decision:
    """Charge `total_cents`: declined above the per-payment limit, otherwise it succeeds.

    Deterministic on purpose: the saga's tests (and its e2e journeys) choose the outcome
    by the order's total, with no card simulator to set up.
    """
    if total_cents > limit_cents:
        reason = f"amount exceeds the limit of {limit_cents} cents"
        return Decision(PaymentStatus.FAILED, reason, DeclineCode.LIMIT_EXCEEDED)
    return Decision(PaymentStatus.SUCCEEDED)
