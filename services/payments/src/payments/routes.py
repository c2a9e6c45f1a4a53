"""The payments API."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from chassis.auth import require_scope
from chassis.deps import SessionDep
from payments import service
from payments.schemas import PaymentList, PaymentPublic

router = APIRouter(prefix="/payments", tags=["payments"])


@router.get("", response_model=PaymentList, dependencies=[Depends(require_scope("payments:read"))])
def list_payments(
    session: SessionDep,
    order_id: Annotated[uuid.UUID, Query(description="The order whose payments to list.")],
) -> PaymentList:
    """The payments of one order (at most one today); an empty list while it is uncharged."""
    payments = service.payments_of_order(session, order_id=order_id)
    return PaymentList(items=[PaymentPublic.model_validate(p) for p in payments])
