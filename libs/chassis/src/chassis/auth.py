"""Bearer-token authentication with scopes: 401 without a known token, 403 without the scope."""

from collections.abc import Callable, Mapping
from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from chassis.deps import TokensDep
from chassis.errors import Forbidden, Unauthorized

# Bearer token -> the scopes it grants, as a service's settings read it from the environment.
ApiTokens = Mapping[str, frozenset[str]]

# auto_error=False: a missing header is our 401 problem, not FastAPI's plain 403.
bearer = HTTPBearer(auto_error=False, description="A token from the service's API_TOKENS.")


def scopes_of(token: str | None, tokens: ApiTokens) -> frozenset[str]:
    """The scopes a token grants; Unauthorized when there is no token or it is unknown."""
    if not token or token not in tokens:
        raise Unauthorized("a valid bearer token is required")
    return tokens[token]


def require_scope(scope: str) -> Callable[..., None]:
    """A route dependency that lets the request through only with a token granting `scope`."""

    def check(
        tokens: TokensDep,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> None:
        token = credentials.credentials if credentials else None
        if scope not in scopes_of(token, tokens):
            raise Forbidden(f"the token lacks the scope {scope}")

    return check
