"""The orders API."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Response

from chassis.auth import require_scope
from chassis.deps import SessionDep, provided
from chassis.pagination import DEFAULT_LIMIT, Limit, Offset
from orders import service
from orders.catalog_client import CatalogClient
from orders.schemas import OrderCreate, OrderPage, OrderPublic
from orders.users_client import UsersClient

UsersDep = Annotated[UsersClient, Depends(provided(UsersClient))]
CatalogDep = Annotated[CatalogClient, Depends(provided(CatalogClient))]
router = APIRouter(prefix="/orders", tags=["orders"])


@router.post(
    "",
    status_code=201,
    response_model=OrderPublic,
    dependencies=[Depends(require_scope("orders:write"))],
)
def place_order(
    data: OrderCreate,
    session: SessionDep,
    users: UsersDep,
    catalog: CatalogDep,
    response: Response,
) -> OrderPublic:
    """Place an order: the user and prices are checked and stock reserved; it starts PENDING."""
    # The users or the catalog service down is the chassis' 503, naming the service.
    order = service.place_order(session, data=data, users=users, catalog=catalog)
    response.headers["Location"] = f"/orders/{order.id}"
    return OrderPublic.model_validate(order)


@router.get(
    "/{order_id}",
    response_model=OrderPublic,
    dependencies=[Depends(require_scope("orders:read"))],
)
def get_order(order_id: uuid.UUID, session: SessionDep) -> OrderPublic:
    """One order by id, with its lines."""
    return OrderPublic.model_validate(service.get_order(session, order_id=order_id))


@router.get("", response_model=OrderPage, dependencies=[Depends(require_scope("orders:read"))])
def list_orders(
    session: SessionDep,
    user_id: uuid.UUID | None = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> OrderPage:
    """A page of orders, newest first; only one user's with `user_id`."""
    orders, total = service.list_orders(session, user_id=user_id, limit=limit, offset=offset)
    return OrderPage(
        items=[OrderPublic.model_validate(o) for o in orders],
        total=total,
        limit=limit,
        offset=offset,
    )
