"""The bearer-token check in front of every route: 401 without a valid token, 403 without scope."""

import uuid

import pytest


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer unknown-token"}, {"Authorization": "Basic abc"}]
)
def test_without_a_valid_token_the_answer_is_401(client, headers):
    client.headers.pop("Authorization")

    response = client.get("/payments", params={"order_id": str(uuid.uuid4())}, headers=headers)

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.headers["content-type"] == "application/problem+json"


def test_a_token_without_the_read_scope_is_403(client):
    response = client.get(
        "/payments",
        params={"order_id": str(uuid.uuid4())},
        headers={"Authorization": "Bearer stranger-token"},
    )

    assert response.status_code == 403
    assert "payments:read" in response.json()["detail"]


def test_health_needs_no_token(client):
    client.headers.pop("Authorization")

    assert client.get("/health/live").status_code == 200
    assert client.get("/health/ready").status_code == 200
