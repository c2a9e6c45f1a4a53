"""POST/GET /orders with fake users and catalog against the real database."""

import uuid

import pytest
from orders.models import Order, outbox
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from testkit.data import random_sku


def orders_of(session: Session, user_id: uuid.UUID | str) -> list[Order]:
    return list(session.scalars(select(Order).where(Order.user_id == uuid.UUID(str(user_id)))))


def count_outbox(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(outbox.table))


def place(client, user_id, *lines: tuple[str, int]):
    body = {"user_id": str(user_id), "lines": [{"sku": s, "quantity": q} for s, q in lines]}
    return client.post("/orders", json=body)


def test_a_placed_order_is_pending_with_its_lines_and_one_order_placed_event(
    client, session, users, catalog
):
    user_id = users.add()
    first, second = catalog.add(random_sku(), 1250), catalog.add(random_sku(), 99)

    response = place(client, user_id, (first, 2), (second, 3))

    assert response.status_code == 201
    body = response.json()
    assert response.headers["Location"] == f"/orders/{body['id']}"
    assert (body["status"], body["total_cents"], body["user_id"]) == (
        "PENDING",
        2 * 1250 + 3 * 99,
        str(user_id),
    )
    assert body["lines"] == [
        {"sku": first, "quantity": 2, "unit_price_cents": 1250},
        {"sku": second, "quantity": 3, "unit_price_cents": 99},
    ]
    [stored] = orders_of(session, user_id)
    assert [(line.sku, line.quantity) for line in stored.lines] == [(first, 2), (second, 3)]
    table = outbox.table
    [event] = session.execute(
        select(table).where(table.c.payload["data"]["order_id"].astext == body["id"])
    ).all()
    assert event.type == "order.placed"
    assert event.published_at is None
    assert event.payload["data"]["total_cents"] == body["total_cents"]
    assert event.payload["id"] == str(event.id)


def test_a_placed_order_reads_back_the_same(client, users, catalog):
    created = place(client, users.add(), (catalog.add(random_sku(), 500), 1)).json()

    fetched = client.get(f"/orders/{created['id']}")

    assert fetched.status_code == 200
    assert fetched.json() == created


def test_short_stock_is_a_409_and_nothing_is_stored(client, session, users, catalog):
    user_id, before = users.add(), count_outbox(session)
    catalog.stock_short = True

    response = place(client, user_id, (catalog.add(random_sku(), 100), 5))

    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert "not enough stock" in response.json()["detail"]  # the catalog's reason, passed on
    assert orders_of(session, user_id) == []
    assert count_outbox(session) == before


def test_an_unknown_user_is_a_400_naming_user_id_and_nothing_is_stored(client, session, catalog):
    unknown, before = uuid.uuid4(), count_outbox(session)

    response = place(client, unknown, (catalog.add(random_sku(), 100), 1))

    assert response.status_code == 400
    assert response.json()["detail"] == "the order is not valid"
    assert [error["field"] for error in response.json()["errors"]] == ["user_id"]
    assert orders_of(session, unknown) == []
    assert count_outbox(session) == before


def test_an_unknown_sku_is_a_400_naming_its_line_and_nothing_is_stored(
    client, session, users, catalog
):
    user_id = users.add()

    response = place(client, user_id, (catalog.add(random_sku(), 100), 1), (random_sku(), 1))

    assert response.status_code == 400
    assert response.json()["detail"] == "the order is not valid"
    assert [error["field"] for error in response.json()["errors"]] == ["lines[1].sku"]
    assert orders_of(session, user_id) == []
    assert catalog.reserved == {}


def test_a_failing_commit_releases_the_reservation_and_is_a_503(client, session, users, catalog):
    user_id = users.add()

    def take_the_order_id(order_id: uuid.UUID) -> None:
        # Someone stores an order under the very same id between the reservation and the
        # service's commit, which then fails on the primary key: a real database error.
        session.add(Order(id=order_id, user_id=uuid.uuid4(), total_cents=0))
        session.commit()

    catalog.after_reserve = take_the_order_id

    response = place(client, user_id, (catalog.add(random_sku(), 100), 1))

    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == "the order could not be stored; nothing was kept"
    assert catalog.released == list(catalog.reserved)
    assert len(catalog.released) == 1
    assert orders_of(session, user_id) == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"lines": [{"sku": "A", "quantity": 1}]}, "user_id"),
        ({"user_id": "not-a-uuid", "lines": [{"sku": "A", "quantity": 1}]}, "user_id"),
        ({"user_id": str(uuid.uuid4()), "lines": []}, "lines"),
        (
            {"user_id": str(uuid.uuid4()), "lines": [{"sku": "A", "quantity": 0}]},
            "lines[0].quantity",
        ),
        (
            {"user_id": str(uuid.uuid4()), "lines": [{"sku": "A", "quantity": 1001}]},
            "lines[0].quantity",
        ),
        ({"user_id": str(uuid.uuid4()), "lines": [{"quantity": 1}]}, "lines[0].sku"),
        (
            {"user_id": str(uuid.uuid4()), "lines": [{"sku": "A", "quantity": 1}] * 2},
            "lines",
        ),
        (
            {
                "user_id": str(uuid.uuid4()),
                "lines": [{"sku": f"S{i}", "quantity": 1} for i in range(51)],
            },
            "lines",
        ),
    ],
)
def test_an_invalid_order_is_a_400_naming_the_field(client, catalog, body, field):
    response = client.post("/orders", json=body)

    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert [error["field"] for error in response.json()["errors"]] == [field]
    assert catalog.reserved == {}


def test_malformed_json_is_a_400_problem(client, catalog):
    response = client.post(
        "/orders", content=b'{"user_id": ', headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 400
    assert response.json()["status"] == 400
    assert catalog.reserved == {}


def test_an_unknown_order_is_a_404_problem_naming_it(client):
    order_id = uuid.uuid4()

    response = client.get(f"/orders/{order_id}")

    assert response.status_code == 404
    assert response.json()["title"] == "Not Found"
    assert str(order_id) in response.json()["detail"]


def test_a_malformed_order_id_is_a_400_naming_it(client):
    response = client.get("/orders/42")

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "order_id"


def test_a_users_orders_are_listed_newest_first_and_paged(client, users, catalog):
    user_id, sku = users.add(), catalog.add(random_sku(), 10)
    ids = [place(client, user_id, (sku, 1)).json()["id"] for _ in range(4)]
    place(client, users.add(), (sku, 1))  # someone else's order, not on this user's list

    first_page = client.get("/orders", params={"user_id": str(user_id), "limit": 3}).json()
    second_page = client.get(
        "/orders", params={"user_id": str(user_id), "limit": 3, "offset": 3}
    ).json()

    assert [order["id"] for order in first_page["items"]] == ids[::-1][:3]
    assert [order["id"] for order in second_page["items"]] == ids[:1]
    assert (first_page["total"], first_page["limit"], first_page["offset"]) == (4, 3, 0)


def test_a_user_without_orders_lists_none_and_a_total_of_zero(client):
    page = client.get("/orders", params={"user_id": str(uuid.uuid4())}).json()

    assert (page["items"], page["total"]) == ([], 0)


def test_a_page_size_over_the_maximum_is_a_400(client):
    response = client.get("/orders", params={"limit": 101})

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "limit"
