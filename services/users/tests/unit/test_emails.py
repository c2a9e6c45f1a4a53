"""The e-mail rule (users.emails): NFKC, one script per part, RFC 5321's lengths."""

import re

import pytest
from pydantic import ValidationError
from users.emails import checked, normalised
from users.schemas import UserCreate


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("\uff41\uff44\uff41@example.com", "ada@example.com"),  # fullwidth
        ("ada@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com", "ada@example.com"),
        ("\ufb01@example.com", "fi@example.com"),  # the ligature fi
        ("Ada@M\u00fcnchen.de", "ada@m\u00fcnchen.de"),
        (
            "\u043f\u0440\u0438\u043c\u0435\u0440@\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444",
            None,
        ),
        ("\u4f8b\u3048@\u4f8b\u3048.jp", None),  # Han and Hiragana go together
        ("ada@\u043f\u0440\u0438\u043c\u0435\u0440.com", None),  # one script per label
        ("a" * 64 + "@example.com", None),
    ],
)
def test_an_address_is_stored_in_nfkc_and_lower_case(given, stored):
    assert UserCreate(email=given, name="Ada").email == (stored or given.lower())


@pytest.mark.parametrize(
    ("email", "reason"),
    [
        ("\u0430da@example.com", "'\u0430da' mixes scripts (CYRILLIC, LATIN)"),
        ("ada@ex\u0430mple.com", "'ex\u0430mple' mixes scripts (CYRILLIC, LATIN)"),
        ("\u03b1da@example.com", "mixes scripts (GREEK, LATIN)"),
        ("a" * 65 + "@example.com", "the part before the @ is longer than 64 octets"),
        ("\u00e9" * 33 + "@example.com", "longer than 64 octets"),  # 33 characters, 66 octets
        ("a@" + "b" * 256, "the domain is longer than 255 octets"),
        ("a" * 64 + "@" + "b" * 190, "the address is longer than 254 octets"),
    ],
)
def test_an_address_breaking_the_rule_is_refused_saying_why(email, reason):
    with pytest.raises(ValueError, match=re.escape(reason)):
        checked(email)


def test_the_api_refuses_it_as_a_validation_error_of_the_email():
    with pytest.raises(ValidationError, match="mixes scripts"):
        UserCreate(email="\u0430da@example.com", name="Eve")


def test_only_strings_are_normalised():
    assert normalised(42) == 42
