"""Use cases of the orders service: keyword-only functions over a session."""

import logging
import uuid

from sqlalchemy import func, insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from chassis.downstream import DownstreamUnavailable
from chassis.errors import BadRequest, Conflict, FieldError, NotFound, ServiceUnavailable
from chassis.messaging.envelope import Envelope, new_envelope
from orders.catalog_client import (
    CatalogClient,
    OutOfStock,
    ReservationKept,
    ReservationLine,
    UnknownProducts,
)
from orders.domain import OrderStatus, PricedLine, order_total
from orders.events import ORDER_PLACED, OrderPlaced, PlacedLine
from orders.models import Order, OrderLine, outbox
from orders.schemas import OrderCreate
from orders.users_client import UserRef, UsersClient

log = logging.getLogger(__name__)


def place_order(
    session: Session, *, data: OrderCreate, users: UsersClient, catalog: CatalogClient
) -> Order:
    """Check the user, reserve stock at the catalog's prices, then store the order and
    order.placed at once.

    DownstreamUnavailable from either client passes through (the API makes it a 503).
    """
    user = users.get_user(data.user_id)
    if user is None:
        raise BadRequest(
            "the order is not valid",
            [FieldError(field="user_id", message=f"no user {data.user_id}")],
        )
    order_id = uuid.uuid4()
    prices = reserve(catalog, order_id, data)
    lines = [PricedLine(line.sku, line.quantity, prices[line.sku]) for line in data.lines]
    order = new_order(order_id, user, lines)
    try:
        # Every insert is sent at once: a database that fails at any of them must give the
        # reservation back just as a failing commit does.
        store(session, order)
        outbox.add(session, placed_event(order, lines))
        session.commit()
    except SQLAlchemyError as error:
        session.rollback()
        release_after_failure(catalog, order_id)
        raise ServiceUnavailable("the order could not be stored; nothing was kept") from error
    return order


def new_order(order_id: uuid.UUID, user: UserRef, lines: list[PricedLine]) -> Order:
    return Order(
        id=order_id,
        user_id=user.id,
        recipient_email=user.email,
        recipient_name=user.name,
        status=OrderStatus.PENDING,
        total_cents=order_total(lines),
        lines=[
            OrderLine(
                position=position,
                sku=line.sku,
                quantity=line.quantity,
                unit_price_cents=line.unit_price_cents,
            )
            for position, line in enumerate(lines)
        ],
    )


def store(session: Session, order: Order) -> None:
    """INSERT the new order, reading its server-made timestamps back, and its lines in one go.

    Core statements, not the session's unit of work: the ORM's flush of the order and its lines
    was a fifth of orders' CPU under load (docs/load.md). `order` stays out of the session,
    a plain object for the response; nothing else of this request loads or changes it.
    """
    orders, lines = Order.__table__, OrderLine.__table__
    stamps = session.execute(
        insert(orders)
        .values(
            id=order.id,
            user_id=order.user_id,
            status=order.status,
            total_cents=order.total_cents,
            recipient_email=order.recipient_email,
            recipient_name=order.recipient_name,
        )
        .returning(orders.c.created_at, orders.c.updated_at)
    ).one()
    order.created_at, order.updated_at = stamps.created_at, stamps.updated_at
    session.execute(
        insert(lines),
        [
            {
                "order_id": order.id,
                "position": line.position,
                "sku": line.sku,
                "quantity": line.quantity,
                "unit_price_cents": line.unit_price_cents,
            }
            for line in order.lines
        ],
    )


def placed_event(order: Order, lines: list[PricedLine]) -> Envelope:
    return new_envelope(
        ORDER_PLACED,
        OrderPlaced(
            order_id=order.id,
            user_id=order.user_id,
            total_cents=order.total_cents,
            lines=[PlacedLine(**vars(line)) for line in lines],
        ),
    )


def reserve(catalog: CatalogClient, order_id: uuid.UUID, data: OrderCreate) -> dict[str, int]:
    """Reserve the lines' stock: each SKU's unit price. Conflict when short, BadRequest naming
    every unknown SKU's line (nothing taken either way); any other failure releases, then passes.

    A timeout, a 5xx or a dropped connection does not say that nothing was reserved: the
    catalog may have committed the reservation before its answer was lost. So the order's
    stock is released at once, whatever may be held; the catalog marks an order released even
    when it holds nothing for it, so a reserve still on its way takes nothing when it arrives.
    (What this release cannot do, the catalog's hold expiry does: orders may die right here.)
    A catalog that hangs on both calls makes the 503 wait two timeouts.
    """
    try:
        return catalog.reserve(
            order_id, [ReservationLine(line.sku, line.quantity) for line in data.lines]
        )
    except UnknownProducts as error:
        # The catalog names the lines as sent: in the order's own order, `lines[i].sku`.
        fields = [FieldError(field=field, message=message) for field, message in error.fields]
        raise BadRequest("the order is not valid", fields) from error
    except OutOfStock as error:
        raise Conflict(str(error)) from error  # refused, nothing taken: nothing to give back
    except DownstreamUnavailable:
        release_after_failure(catalog, order_id)
        raise


def release_after_failure(catalog: CatalogClient, order_id: uuid.UUID) -> None:
    """Compensate: the reservation of an order that was never stored is given back."""
    try:
        catalog.release(order_id)
    except DownstreamUnavailable:
        # Nothing more can be done in this request; the catalog gives the stock back when the
        # hold expires, as no order.placed will ever confirm it.
        log.exception("could not release the reservation of unstored order %s", order_id)
    except ReservationKept:
        # The catalog has seen this order's order.placed: the commit that failed here went
        # through after all (only its answer was lost), so the order exists, and its stock is
        # rightly kept; its payment goes on as for any order. Not an outage: nothing to retry.
        log.warning("order %s was stored after all: the catalog keeps its stock", order_id)


def get_order(session: Session, *, order_id: uuid.UUID) -> Order:
    order = session.get(Order, order_id)
    if order is None:
        raise NotFound(f"no order {order_id}")
    return order


def list_orders(
    session: Session, *, user_id: uuid.UUID | None, limit: int, offset: int
) -> tuple[list[Order], int]:
    """One page of orders (of one user, when given), newest first, and how many match in all."""
    matching = select(Order)
    if user_id is not None:
        matching = matching.where(Order.user_id == user_id)
    page = session.scalars(
        matching.order_by(Order.created_at.desc(), Order.id.desc()).limit(limit).offset(offset)
    ).all()
    total = session.scalar(select(func.count()).select_from(matching.subquery())) or 0
    return list(page), total
