"""The fuzz suites' rule of no 5xx (testkit.fuzzing.openapi): only a 503 for a service taken down
passes."""

import pytest

from testkit.fuzzing.openapi import server_error

USERS_DOWN = "the users service is not available; try again later"


@pytest.mark.parametrize("status", [200, 201, 204, 400, 401, 404, 409, 413])
def test_an_answer_below_500_keeps_the_rule(status):
    assert server_error(status, "", unavailable=()) is None


def test_a_503_naming_a_service_taken_down_keeps_the_rule():
    assert server_error(503, USERS_DOWN, unavailable={"users", "catalog"}) is None


@pytest.mark.parametrize(
    ("status", "detail", "unavailable"),
    [
        (500, "", {"users"}),
        (503, USERS_DOWN, ()),  # nothing was taken down: a 503 is a bug
        (503, USERS_DOWN, {"catalog"}),  # another service than the one taken down
        (503, "the database is not available; try again later", {"users"}),
        (502, USERS_DOWN, {"users"}),  # only a 503 is the documented downstream answer
    ],
)
def test_any_other_server_error_breaks_the_rule_and_says_which(status, detail, unavailable):
    why = server_error(status, detail, unavailable)

    assert why is not None
    assert str(status) in why
