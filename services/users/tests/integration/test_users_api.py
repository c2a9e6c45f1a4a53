"""HTTP handler -> service -> Postgres: status codes, validation, constraints, pagination."""

import uuid

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from users.models import User

from testkit.data import random_email


def count_users(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User))


def test_a_created_user_is_stored_and_read_back(client, session):
    email = random_email()

    created = client.post("/users", json={"email": email, "name": "Ada"})
    fetched = client.get(created.headers["Location"])

    assert created.status_code == 201
    assert fetched.status_code == 200
    assert fetched.json() == created.json()
    assert session.get(User, uuid.UUID(created.json()["id"])).email == email


def test_the_list_holds_the_three_users_created(client):
    emails = {random_email() for _ in range(3)}
    for email in emails:
        client.post("/users", json={"email": email, "name": "Grace"})

    page = client.get("/users").json()

    assert page["total"] == 3
    assert {user["email"] for user in page["items"]} == emails


def test_pages_follow_limit_and_offset_in_creation_order(client):
    ids = [
        client.post("/users", json={"email": random_email(), "name": "N"}).json()["id"]
        for _ in range(5)
    ]

    second_page = client.get("/users", params={"limit": 2, "offset": 2}).json()
    whole = client.get("/users").json()

    assert [user["id"] for user in second_page["items"]] == ids[2:4]
    assert (second_page["total"], second_page["limit"], second_page["offset"]) == (5, 2, 2)
    # All five in order: two of them alone come out right by chance once in 20 random orders.
    assert [user["id"] for user in whole["items"]] == ids


def test_with_no_users_the_page_is_empty_and_the_total_is_zero(client):
    page = client.get("/users").json()

    assert (page["items"], page["total"]) == ([], 0)


def test_a_user_without_email_is_a_400_naming_the_field_and_writes_nothing(client, session):
    before = count_users(session)

    response = client.post("/users", json={"name": "No Mail"})

    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert [error["field"] for error in response.json()["errors"]] == ["email"]
    assert count_users(session) == before


def test_an_invalid_email_is_a_400_naming_the_field(client):
    response = client.post("/users", json={"email": "not-an-address", "name": "X"})

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "email"


def test_a_duplicate_email_is_a_409_whatever_its_case_and_keeps_one_row(client, session):
    email = random_email()
    client.post("/users", json={"email": email, "name": "First"})

    response = client.post("/users", json={"email": email.upper(), "name": "Second"})

    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert email in response.json()["detail"]  # the caller learns which e-mail is taken
    assert session.scalar(select(func.count()).where(User.email == email)) == 1


def test_a_fullwidth_look_alike_of_a_users_email_is_a_409_and_keeps_one_row(client, session):
    email = random_email()
    client.post("/users", json={"email": email, "name": "Ada"})
    local, _, domain = email.partition("@")
    # Fullwidth letters and digits (U+FF41 for "a", U+FF10 for "0"): NFKC gives the address back.
    fullwidth = "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in local)

    response = client.post("/users", json={"email": f"{fullwidth}@{domain}", "name": "Eve"})

    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == f"a user with e-mail {email} already exists"
    assert session.scalar(select(func.count()).select_from(User).where(User.name == "Eve")) == 0


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("\u0430da-{tag}@example.com", "mixes scripts (CYRILLIC, LATIN)"),
        ("ada-{tag}@ex\u0430mple.com", "mixes scripts (CYRILLIC, LATIN)"),
        ("{tag}" + "a" * (65 - 12) + "@example.com", "longer than 64 octets"),
    ],
    ids=["cyrillic in the local part", "cyrillic in the domain", "65-octet local part"],
)
def test_an_email_breaking_the_rule_is_a_400_naming_the_field_and_why(
    client, session, email, message
):
    tag = uuid.uuid4().hex[:12]
    response = client.post("/users", json={"email": email.format(tag=tag), "name": "Eve"})

    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    [error] = response.json()["errors"]
    assert error["field"] == "email"
    assert message in error["message"]
    assert session.scalar(select(func.count()).where(User.email.contains(tag))) == 0


def test_an_unknown_user_is_a_404_problem_naming_it(client):
    user_id = uuid.uuid4()

    response = client.get(f"/users/{user_id}")

    assert response.status_code == 404
    assert response.json()["title"] == "Not Found"
    assert str(user_id) in response.json()["detail"]


def test_a_malformed_user_id_is_a_400_not_a_404(client):
    response = client.get("/users/not-a-uuid")

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "user_id"


def test_a_page_size_over_the_maximum_is_a_400(client):
    response = client.get("/users", params={"limit": 1000})

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "limit"


def test_a_name_with_a_nul_character_is_a_400_not_a_500(client, session):
    before = count_users(session)

    response = client.post("/users", json={"email": random_email(), "name": "Ada\u0000"})

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "name"
    assert count_users(session) == before
