"""The payments API."""

import uuid
from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.orm import Session

from payments import service
from payments.auth import require_scope
from payments.schemas import PaymentList, PaymentPublic


def get_session(request: Request) -> Iterator[Session]:
    with request.app.state.session_factory() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
router = APIRouter(prefix="/payments", tags=["payments"])


@router.get("", response_model=PaymentList, dependencies=[Depends(require_scope("payments:read"))])
def list_payments(
    session: SessionDep,
    order_id: Annotated[uuid.UUID, Query(description="The order whose payments to list.")],
) -> PaymentList:
    """The payments of one order (at most one today); an empty list while it is uncharged."""
    payments = service.payments_of_order(session, order_id=order_id)
    return PaymentList(items=[PaymentPublic.model_validate(p) for p in payments])
