"""The payment rule: pure, deterministic, and the only place that decides an order's fate."""

from dataclasses import dataclass
from enum import StrEnum


class PaymentStatus(StrEnum):
    SUCCEEDED = "succeeded"
    FAILED = "failed"


@dataclass(frozen=True)
class Decision:
    """What charging an order came to; `reason` says why when it failed."""

    status: PaymentStatus
    reason: str | None = None

    @property
    def succeeded(self) -> bool:
        return self.status is PaymentStatus.SUCCEEDED


def decide(total_cents: int, *, limit_cents: int) -> Decision:
    """Charge `total_cents`: declined above the per-payment limit, otherwise it succeeds.

    Deterministic on purpose: the saga's tests (and its e2e journeys) choose the outcome
    by the order's total, with no card simulator to set up.
    """
    if total_cents > limit_cents:
        return Decision(PaymentStatus.FAILED, f"amount exceeds the limit of {limit_cents} cents")
    return Decision(PaymentStatus.SUCCEEDED)
