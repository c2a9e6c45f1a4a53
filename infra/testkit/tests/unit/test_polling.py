"""eventually: the first truthy result, else a failure naming what never came."""

import itertools

import pytest

from testkit.polling import eventually


def test_the_first_truthy_result_is_returned():
    answers = iter([None, 0, [], "ready", "later"])

    assert eventually(lambda: next(answers), interval=0) == "ready"


def test_a_probe_never_truthy_fails_after_the_timeout_naming_what_was_awaited():
    calls = itertools.count()

    with pytest.raises(AssertionError, match=r"the sentinel not met within 0\.05 s"):
        eventually(lambda: next(calls) < 0, timeout=0.05, what="the sentinel")

    assert next(calls) > 1  # it kept asking until the deadline
