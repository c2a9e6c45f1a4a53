"""HTTP handler -> service -> Postgres for products: status codes, validation, pagination."""

import pytest
from catalog.models import Product
from sqlalchemy import func, select

from testkit.data import random_sku


def product(sku=None, **overrides):
    return {
        "sku": sku or random_sku(),
        "name": "Teapot",
        "price_cents": 1999,
        "stock": 5,
        **overrides,
    }


def count_products(session) -> int:
    return session.scalar(select(func.count()).select_from(Product))


def test_a_created_product_is_stored_and_read_back(client, session):
    data = product()

    created = client.post("/products", json=data)
    fetched = client.get(created.headers["Location"])

    assert created.status_code == 201
    assert created.headers["Location"] == f"/products/{data['sku']}"
    assert fetched.status_code == 200
    assert fetched.json() == created.json() == data
    assert session.get(Product, data["sku"]).stock == 5


def test_pages_follow_limit_and_offset_in_creation_order(client):
    # Tests of the consumer and of concurrency commit their products to this database too.
    before = client.get("/products").json()["total"]
    skus = [client.post("/products", json=product()).json()["sku"] for _ in range(5)]

    page = client.get("/products", params={"limit": 2, "offset": before + 2}).json()

    assert [item["sku"] for item in page["items"]] == skus[2:4]
    assert (page["total"], page["limit"], page["offset"]) == (before + 5, 2, before + 2)


def test_a_duplicate_sku_is_a_409_and_keeps_the_first_product(client, session):
    data = product()
    client.post("/products", json=data)

    response = client.post("/products", json={**data, "name": "Other", "stock": 99})

    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert data["sku"] in response.json()["detail"]
    assert session.get(Product, data["sku"]).name == "Teapot"


def test_a_product_without_a_price_is_a_400_naming_the_field_and_writes_nothing(client, session):
    before = count_products(session)
    data = product()
    del data["price_cents"]

    response = client.post("/products", json=data)

    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["price_cents"]
    assert count_products(session) == before


def test_bad_values_are_each_named_in_one_400(client):
    response = client.post(
        "/products",
        json={"sku": "has space", "name": "", "price_cents": 0, "stock": -1},
    )

    assert response.status_code == 400
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"sku", "name", "price_cents", "stock"}


def test_numbers_beyond_a_postgres_integer_are_a_400_not_a_database_error(client, session):
    before = count_products(session)

    response = client.post("/products", json=product(price_cents=2**31, stock=10**20))

    assert response.status_code == 400
    assert {error["field"] for error in response.json()["errors"]} == {"price_cents", "stock"}
    assert count_products(session) == before


def test_a_name_with_a_nul_character_is_a_400_not_a_database_error(client):
    response = client.post("/products", json=product(name="tea\x00pot"))

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "name"


def test_malformed_json_is_a_400_problem(client, session):
    before = count_products(session)

    response = client.post(
        "/products", content=b'{"sku": ', headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert count_products(session) == before


def test_an_unknown_sku_is_a_404_problem(client):
    response = client.get(f"/products/{random_sku()}")

    assert response.status_code == 404
    assert response.json()["title"] == "Not Found"


@pytest.mark.parametrize("path", ["no%20such.sku", "nul%00byte", "x" * 65])
def test_a_sku_that_could_never_exist_is_simply_not_found(client, path):
    # Callers (orders) pass on whatever SKU their client sent; "no such product" is the answer.
    response = client.get(f"/products/{path}")

    assert response.status_code == 404


def test_a_page_size_over_the_maximum_is_a_400(client):
    response = client.get("/products", params={"limit": 1000})

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "limit"
