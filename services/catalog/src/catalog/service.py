"""Use cases of the catalog service: keyword-only functions over a session."""

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from catalog.models import Product
from catalog.schemas import SKU_PATTERN, ProductCreate
from chassis.errors import Conflict, NotFound


def create_product(session: Session, *, data: ProductCreate) -> Product:
    """Store a new product; a SKU that is already taken is a Conflict, and nothing is written."""
    product = Product(**data.model_dump())
    session.add(product)
    try:
        session.commit()
    except IntegrityError as error:
        session.rollback()
        # The primary key decides, not a prior SELECT: two racing requests can't both win.
        raise Conflict(f"a product with SKU {data.sku} already exists") from error
    return product


def get_product(session: Session, *, sku: str) -> Product:
    """The product; NotFound also for a string that could never be a SKU.

    Such a string is not even sent to the database, where a NUL character would be an error.
    """
    product = session.get(Product, sku) if SKU_PATTERN.fullmatch(sku) else None
    if product is None:
        raise NotFound(f"no product {sku}")
    return product


def list_products(session: Session, *, limit: int, offset: int) -> tuple[list[Product], int]:
    """One page of products, oldest first, and how many there are in all."""
    page = session.scalars(
        select(Product).order_by(Product.created_at, Product.sku).limit(limit).offset(offset)
    ).all()
    total = session.scalar(select(func.count()).select_from(Product)) or 0
    return list(page), total


def lock_products(session: Session, skus: Iterable[str]) -> dict[str, Product]:
    """The products of `skus` that exist, locked FOR UPDATE until the transaction ends.

    Rows are locked in SKU order, whatever the order of the request: two transactions that
    lock overlapping products then queue behind each other instead of deadlocking.
    """
    products = session.scalars(
        select(Product)
        .where(Product.sku.in_(sorted(skus)))
        .order_by(Product.sku)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return {product.sku: product for product in products}
