"""The access log's redaction: query values never kept, names only when they look like names."""

import logging

import pytest

from chassis.access_log import QueryValuesRedacted, without_query_values


@pytest.mark.parametrize(
    ("target", "logged"),
    [
        ("/users", "/users"),
        ("/users?access_token=abc.def", "/users?access_token=***"),
        ("/orders?user_id=42&limit=5&offset=", "/orders?user_id=***&limit=***&offset=***"),
        ("/users?eyJhbGciOiJIUzI1NiJ9", "/users?***"),
        ("/users?debug&token=x", "/users?***&token=***"),
        ("/users?a%20b=secret", "/users?***"),
        ("/users?" + "t" * 65 + "=x", "/users?***"),
        ("/users?", "/users?***"),
    ],
)
def test_every_query_value_is_redacted_and_only_name_like_names_are_kept(target, logged):
    assert without_query_values(target) == logged


def test_the_filter_rewrites_the_target_of_uvicorns_access_record_and_keeps_the_record():
    args = ("127.0.0.1:5000", "GET", "/users?token=secret", "1.1", 200)
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, "", 0, '%s - "%s %s HTTP/%s" %d', args, None
    )

    assert QueryValuesRedacted().filter(record)

    assert record.getMessage() == '127.0.0.1:5000 - "GET /users?token=*** HTTP/1.1" 200'
