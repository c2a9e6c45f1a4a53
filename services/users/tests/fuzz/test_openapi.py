"""Every operation of the users API, fuzzed from its own OpenAPI document
(testkit.fuzzing.openapi)."""

import schemathesis
from schemathesis import Case

from testkit.fuzzing.openapi import answers_as_documented

schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
def test_every_answer_is_documented(case: Case, unavailable_services: frozenset[str]) -> None:
    answers_as_documented(case, unavailable=unavailable_services)
