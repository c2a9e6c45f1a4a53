"""The payment rule: declined above the per-payment limit, charged otherwise."""

import pytest
from payments.domain import DeclineCode, PaymentStatus, decide


@pytest.mark.parametrize("total_cents", [0, 1, 99_999, 100_000])
def test_an_order_up_to_the_limit_succeeds_without_a_reason_or_code(total_cents):
    decision = decide(total_cents, limit_cents=100_000)

    assert decision.status is PaymentStatus.SUCCEEDED
    assert decision.succeeded
    assert (decision.reason, decision.code) == (None, None)


@pytest.mark.parametrize("total_cents", [100_001, 10**12])
def test_an_order_above_the_limit_is_declined_naming_the_limit_and_its_code(total_cents):
    decision = decide(total_cents, limit_cents=100_000)

    assert decision.status is PaymentStatus.FAILED
    assert not decision.succeeded
    assert decision.reason == "amount exceeds the limit of 100000 cents"
    assert decision.code is DeclineCode.LIMIT_EXCEEDED


def test_the_limit_is_a_parameter_not_a_constant():
    assert decide(501, limit_cents=500).reason == "amount exceeds the limit of 500 cents"
    assert decide(500, limit_cents=500).succeeded
