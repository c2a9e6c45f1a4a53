"""TokenStates: a provider state takes the verifier's token, or one of its scopes, away and back."""

import pytest

from testkit.pact.auth import NO_VALID_TOKEN, TOKEN_LACKS_SCOPE, TokenStates

GRANTED = frozenset({"things:read", "things:write"})


@pytest.fixture
def tokens() -> dict[str, frozenset[str]]:
    return {"verifier": GRANTED, "other": frozenset({"x"})}


def test_no_valid_token_removes_the_verifiers_token_until_teardown(tokens):
    state = TokenStates(tokens, "verifier").handlers()[NO_VALID_TOKEN]

    assert state("setup", {}) == {}
    assert "verifier" not in tokens
    state("teardown", {})
    assert tokens == {"verifier": GRANTED, "other": frozenset({"x"})}


def test_the_token_lacks_the_scope_named_until_teardown(tokens):
    state = TokenStates(tokens, "verifier").handlers()[TOKEN_LACKS_SCOPE]

    state("setup", {"scope": "things:write"})
    assert tokens["verifier"] == {"things:read"}
    state("teardown", {"scope": "things:write"})
    assert tokens["verifier"] == GRANTED


def test_a_scope_the_token_never_had_fails_the_state(tokens):
    state = TokenStates(tokens, "verifier").handlers()[TOKEN_LACKS_SCOPE]

    with pytest.raises(AssertionError, match="no things:delete"):
        state("setup", {"scope": "things:delete"})
