"""HTTP handler -> service -> Postgres: the payments of an order, validation, problem documents."""

import uuid
from datetime import datetime

from payments.handlers import make_handlers
from payments.models import Payment
from sqlalchemy import select
from sqlalchemy.orm import Session

from chassis.messaging.envelope import new_envelope

LIMIT_CENTS = 100_000
charge = make_handlers(limit_cents=LIMIT_CENTS)["order.placed"]


def charged_order(session: Session, total_cents: int) -> tuple[uuid.UUID, uuid.UUID]:
    """Charge a new order the way the consumer does; its (order_id, user_id)."""
    order_id, user_id = uuid.uuid4(), uuid.uuid4()
    data = {"order_id": str(order_id), "user_id": str(user_id), "total_cents": total_cents}
    with session.begin():
        charge(session, new_envelope("order.placed", {**data, "lines": []}))
    return order_id, user_id


def test_a_succeeded_payment_reads_back_in_the_documented_shape(client, session):
    order_id, user_id = charged_order(session, total_cents=4200)

    response = client.get("/payments", params={"order_id": str(order_id)})

    assert response.status_code == 200
    [payment] = response.json()["items"]
    assert set(payment) == {
        "id",
        "order_id",
        "user_id",
        "amount_cents",
        "status",
        "reason",
        "created_at",
    }
    # The payment the consumer stored, as stored: not merely some well-formed id.
    stored = session.scalars(select(Payment).where(Payment.order_id == order_id)).one()
    assert payment["id"] == str(stored.id)
    assert datetime.fromisoformat(payment["created_at"]) == stored.created_at
    assert (payment["order_id"], payment["user_id"]) == (str(order_id), str(user_id))
    assert (payment["amount_cents"], payment["status"], payment["reason"]) == (
        4200,
        "succeeded",
        None,
    )


def test_a_declined_payment_reads_back_as_failed_with_its_reason(client, session):
    order_id, _ = charged_order(session, total_cents=LIMIT_CENTS + 1)

    [payment] = client.get("/payments", params={"order_id": str(order_id)}).json()["items"]

    assert payment["status"] == "failed"
    assert payment["reason"] == "amount exceeds the limit of 100000 cents"


def test_only_the_asked_orders_payment_is_listed(client, session):
    order_id, _ = charged_order(session, total_cents=100)
    charged_order(session, total_cents=200)

    items = client.get("/payments", params={"order_id": str(order_id)}).json()["items"]

    assert [item["amount_cents"] for item in items] == [100]


def test_an_order_not_charged_yet_has_an_empty_list_not_a_404(client):
    response = client.get("/payments", params={"order_id": str(uuid.uuid4())})

    assert response.status_code == 200
    assert response.json() == {"items": []}


def test_without_order_id_the_answer_is_a_400_naming_it(client):
    response = client.get("/payments")

    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert [error["field"] for error in response.json()["errors"]] == ["order_id"]


def test_a_malformed_order_id_is_a_400_naming_it(client):
    response = client.get("/payments", params={"order_id": "not-a-uuid"})

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "order_id"
