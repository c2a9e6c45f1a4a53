"""What the API accepts: e-mails are checked and lower-cased, names trimmed."""

import pytest
from pydantic import ValidationError
from users.schemas import UserCreate


def test_an_email_is_stored_lower_cased():
    assert UserCreate(email="Ada@Example.COM", name="Ada").email == "ada@example.com"


def test_a_name_is_trimmed():
    assert UserCreate(email="a@example.com", name="  Ada  ").name == "Ada"


@pytest.mark.parametrize("name", ["", "   ", "x" * 201])
def test_a_blank_or_overlong_name_is_refused(name):
    with pytest.raises(ValidationError):
        UserCreate(email="a@example.com", name=name)


def test_an_address_without_domain_is_refused():
    with pytest.raises(ValidationError):
        UserCreate(email="ada@", name="Ada")
