"""What one benchmarked test does to the database: a small order-taking schema and its work.

The unit of work writes a row or two to each of five tables linked by foreign keys, reads a
join back and commits, like a typical repository test.
"""

from sqlalchemy import Engine, func, select, table, text
from sqlalchemy.orm import Session

from testkit.data import random_email, random_sku

SCHEMA = (
    "CREATE TABLE customers (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE)",
    "CREATE TABLE products (id bigserial PRIMARY KEY, sku text NOT NULL UNIQUE, price_cents int)",
    "CREATE TABLE orders (id bigserial PRIMARY KEY,"
    " customer_id bigint NOT NULL REFERENCES customers, placed_at timestamptz DEFAULT now())",
    "CREATE TABLE order_lines (id bigserial PRIMARY KEY, order_id bigint NOT NULL REFERENCES"
    " orders, product_id bigint NOT NULL REFERENCES products, quantity int NOT NULL)",
    "CREATE TABLE payments (id bigserial PRIMARY KEY,"
    " order_id bigint NOT NULL REFERENCES orders, amount_cents int NOT NULL)",
)
# Children first, so that no foreign key stops a DELETE.
DELETE_ALL = (
    "DELETE FROM payments",
    "DELETE FROM order_lines",
    "DELETE FROM orders",
    "DELETE FROM products",
    "DELETE FROM customers",
)
TRUNCATE_ALL = "TRUNCATE payments, order_lines, orders, products, customers"
TABLES = ("customers", "products", "orders", "order_lines", "payments")


def unit_of_work(session: Session) -> None:
    """What a small test does: a few inserts into the five tables, a read back, a commit."""
    customer = session.execute(
        text("INSERT INTO customers (email) VALUES (:e) RETURNING id"), {"e": random_email()}
    ).scalar_one()
    product = session.execute(
        text("INSERT INTO products (sku, price_cents) VALUES (:s, 250) RETURNING id"),
        {"s": random_sku()},
    ).scalar_one()
    order = session.execute(
        text("INSERT INTO orders (customer_id) VALUES (:c) RETURNING id"), {"c": customer}
    ).scalar_one()
    session.execute(
        text("INSERT INTO order_lines (order_id, product_id, quantity) VALUES (:o, :p, :q)"),
        [{"o": order, "p": product, "q": 1}, {"o": order, "p": product, "q": 2}],
    )
    session.execute(
        text("INSERT INTO payments (order_id, amount_cents) VALUES (:o, 750)"), {"o": order}
    )
    total = session.execute(
        text(
            "SELECT sum(l.quantity * p.price_cents) FROM order_lines l"
            " JOIN products p ON p.id = l.product_id WHERE l.order_id = :o"
        ),
        {"o": order},
    ).scalar_one()
    assert total == 750
    # The code under test commits; under the kit's isolation this only releases a savepoint.
    session.commit()


def create_schema(engine: Engine) -> None:
    with engine.begin() as connection:
        for statement in SCHEMA:
            connection.execute(text(statement))


def delete_all(engine: Engine) -> None:
    with engine.begin() as connection:
        for statement in DELETE_ALL:
            connection.execute(text(statement))


def row_count(engine: Engine) -> int:
    """Rows left in the five tables: each strategy must leave none, or the comparison is void."""
    with engine.connect() as connection:
        return sum(
            connection.execute(select(func.count()).select_from(table(name))).scalar_one()
            for name in TABLES
        )
