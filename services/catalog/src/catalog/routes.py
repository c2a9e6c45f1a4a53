"""The catalog API: products, and the stock reserved for orders."""

import uuid

from fastapi import APIRouter, Depends, Response

from catalog import reservations, service
from catalog.schemas import (
    ProductCreate,
    ProductPage,
    ProductPublic,
    ReservationCreate,
    ReservationPublic,
)
from chassis.auth import require_scope
from chassis.deps import SessionDep
from chassis.pagination import DEFAULT_LIMIT, Limit, Offset

products = APIRouter(prefix="/products", tags=["products"])
reserving = APIRouter(
    prefix="/reservations",
    tags=["reservations"],
    dependencies=[Depends(require_scope("catalog:reserve"))],
)


@products.post(
    "",
    status_code=201,
    response_model=ProductPublic,
    dependencies=[Depends(require_scope("catalog:write"))],
)
def create_product(data: ProductCreate, session: SessionDep, response: Response) -> ProductPublic:
    """Create a product with its stock; the SKU must not be taken."""
    product = service.create_product(session, data=data)
    response.headers["Location"] = f"/products/{product.sku}"
    return ProductPublic.model_validate(product)


# The SKU is a plain string here: one that could never exist is simply not found (404).
@products.get(
    "/{sku}", response_model=ProductPublic, dependencies=[Depends(require_scope("catalog:read"))]
)
def get_product(sku: str, session: SessionDep) -> ProductPublic:
    """One product by SKU, with the units available now."""
    return ProductPublic.model_validate(service.get_product(session, sku=sku))


@products.get("", response_model=ProductPage, dependencies=[Depends(require_scope("catalog:read"))])
def list_products(
    session: SessionDep, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0
) -> ProductPage:
    """A page of products, oldest first."""
    page, total = service.list_products(session, limit=limit, offset=offset)
    return ProductPage(
        items=[ProductPublic.model_validate(p) for p in page],
        total=total,
        limit=limit,
        offset=offset,
    )


@reserving.post(
    "",
    status_code=201,
    response_model=ReservationPublic,
    responses={
        200: {"model": ReservationPublic, "description": "The order's earlier reservation."}
    },
)
def reserve(data: ReservationCreate, session: SessionDep, response: Response) -> ReservationPublic:
    """Reserve stock for an order, every line or none; the same order again is a 200."""
    reservation, created = reservations.reserve(session, data=data)
    if not created:
        response.status_code = 200
    return ReservationPublic.model_validate(reservation)


# An order never reserved is a 204 too, and is marked released: orders releases whenever it
# cannot tell whether its reserve went through, and that reserve, arriving later, takes nothing.
# An order placed (order.placed came) is a 409, and keeps its stock: it exists, and only its
# cancellation gives the stock back; a paid one's never.
@reserving.delete("/{order_id}", status_code=204)
def release(order_id: uuid.UUID, session: SessionDep) -> Response:
    """Give an order's reserved stock back; twice, or for an order never reserved, is harmless.

    The stock of an order already placed is not given back: a 409.
    """
    with session.begin():
        reservations.release_reservation(session, order_id=order_id)
    return Response(status_code=204)
