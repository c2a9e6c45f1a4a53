"""HTTP handler -> service -> Postgres: one user's notifications, newest first, and bad input."""

import uuid

from notifications import service
from notifications.models import NotificationKind
from notifications.schemas import NotificationCreate

from testkit.data import random_email


def record(session, *, user_id, kind=NotificationKind.ORDER_CONFIRMED, order_id=None):
    """Store a notification as the consumer would, committed (into the test's savepoint)."""
    notification = NotificationCreate(
        user_id=user_id,
        order_id=order_id or uuid.uuid4(),
        kind=kind,
        recipient=random_email(),
        subject="Your order is confirmed",
        body="Hello",
    )
    service.record_notification(session, notification=notification)
    session.commit()
    return notification


def test_a_users_notifications_come_newest_first_with_every_field(client, session):
    user_id = uuid.uuid4()
    first = record(session, user_id=user_id)
    second = record(session, user_id=user_id, kind=NotificationKind.ORDER_CANCELLED)

    response = client.get("/notifications", params={"user_id": str(user_id)})

    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["order_id"] for item in items] == [str(second.order_id), str(first.order_id)]
    assert set(items[0]) == {
        "id", "user_id", "order_id", "kind", "recipient", "subject", "body", "created_at"
    }  # fmt: skip
    assert items[0]["kind"] == "order_cancelled"
    assert items[0]["recipient"] == second.recipient


def test_other_users_notifications_are_not_listed(client, session):
    user_id = uuid.uuid4()
    record(session, user_id=uuid.uuid4())

    response = client.get("/notifications", params={"user_id": str(user_id)})

    assert response.json() == {"items": []}


def test_the_limit_caps_the_list(client, session):
    user_id = uuid.uuid4()
    for _ in range(3):
        record(session, user_id=user_id)

    response = client.get("/notifications", params={"user_id": str(user_id), "limit": 2})

    assert len(response.json()["items"]) == 2


def test_pages_one_after_the_other_list_each_notification_once(client, session):
    user_id = uuid.uuid4()
    recorded = {str(record(session, user_id=user_id).order_id) for _ in range(3)}

    pages = [
        client.get("/notifications", params={"user_id": str(user_id), "limit": 2, "offset": n})
        for n in (0, 2)
    ]

    listed = [item["order_id"] for page in pages for item in page.json()["items"]]
    assert sorted(listed) == sorted(recorded)


def test_a_missing_user_id_is_a_400_naming_the_field(client):
    response = client.get("/notifications")

    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert [error["field"] for error in response.json()["errors"]] == ["user_id"]


def test_a_malformed_user_id_is_a_400_naming_the_field(client):
    response = client.get("/notifications", params={"user_id": "not-a-uuid"})

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "user_id"


def test_a_limit_over_the_maximum_is_a_400(client):
    response = client.get("/notifications", params={"user_id": str(uuid.uuid4()), "limit": 101})

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "limit"


def test_the_collection_accepts_no_writes(client):
    response = client.post("/notifications", json={})

    assert response.status_code == 405
    assert response.headers["content-type"] == "application/problem+json"
