"""The error format's field names and the token check, without HTTP."""

import pytest
from catalog.auth import scopes_of
from catalog.errors import Unauthorized, field_name

TOKENS = {"t": frozenset({"catalog:read"})}


@pytest.mark.parametrize(
    ("location", "name"),
    [
        (("body", "email"), "email"),
        (("body", "lines", 0, "sku"), "lines[0].sku"),
        (("query", "limit"), "limit"),
        (("path", "user_id"), "user_id"),
        (("body",), "body"),
    ],
)
def test_a_validation_location_becomes_a_field_name(location, name):
    assert field_name(location) == name


def test_a_known_token_grants_its_scopes():
    assert scopes_of("t", TOKENS) == {"catalog:read"}


@pytest.mark.parametrize("token", [None, "", "other"])
def test_a_missing_or_unknown_token_is_unauthorized(token):
    with pytest.raises(Unauthorized):
        scopes_of(token, TOKENS)
