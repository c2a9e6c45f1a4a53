"""A provider's refusals in the pacts: the states a consumer names for a 401 and a 403.

A consumer pins what it does when a provider refuses its token: ``given(NO_VALID_TOKEN)`` for a
401, ``given(TOKEN_LACKS_SCOPE, scope="catalog:reserve")`` for a 403. The verifier sends one token
the provider accepts (the kit's `verifier_token`) with every request, so the provider's
`TokenStates` take that token away, or one of its scopes, for the one interaction, and give it
back at teardown: the refusal comes from the provider's real auth, not from a stub.
"""

from collections.abc import MutableMapping
from typing import Any

# The states' names, which the consumers' pacts name (not secrets).
NO_VALID_TOKEN = "no valid token"  # noqa: S105
TOKEN_LACKS_SCOPE = "the token lacks the scope"  # noqa: S105


class TokenStates:
    """The two states, on the token mapping the provider's app reads on every request.

    Args:
        tokens: The app's own mapping of token -> scopes (its settings' `api_tokens`), so that
            what a state changes is what the next request is checked against.
        token: The verifier's token, one of `tokens`.
    """

    def __init__(self, tokens: MutableMapping[str, frozenset[str]], token: str) -> None:
        self._tokens = tokens
        self._token = token
        self._granted = tokens[token]

    def handlers(self) -> dict[str, Any]:
        """State name -> handler ``(action, parameters)``, each answering no values ({})."""
        return {NO_VALID_TOKEN: self.no_valid_token, TOKEN_LACKS_SCOPE: self.token_lacks_scope}

    def no_valid_token(self, action: str, parameters: dict[str, Any]) -> dict[str, str]:
        if action == "setup":
            del self._tokens[self._token]
        else:
            self._tokens[self._token] = self._granted
        return {}

    def token_lacks_scope(self, action: str, parameters: dict[str, Any]) -> dict[str, str]:
        if action == "setup":
            scope = parameters["scope"]
            # A scope the token never had would make the 403 say nothing about this route.
            assert scope in self._granted, f"the verifier's token has no {scope} to take away"
            self._tokens[self._token] = self._granted - {scope}
        else:
            self._tokens[self._token] = self._granted
        return {}
