"""Bearer-token authentication with scopes: 401 without a known token, 403 without the scope.

A route declares the scope it needs, `dependencies=[Depends(require_scope("users:read"))]`, and
the chassis' gate (`chassis.gate`) checks it on the request's headers alone, before the route
reads its body: a caller without a token cannot make a service read or parse anything.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.dependencies.models import Dependant
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.security.utils import get_authorization_scheme_param

from chassis.errors import Forbidden, Unauthorized

# Bearer token -> the scopes it grants, as a service's settings read it from the environment.
ApiTokens = Mapping[str, frozenset[str]]

# Declared by every guarded route, for the OpenAPI document's security scheme; auto_error=False
# so that it never answers for the gate.
bearer = HTTPBearer(auto_error=False, description="A token from the service's API_TOKENS.")

# Where the gate leaves the scopes of the request's token once it has checked them.
GRANTED_SCOPES = "chassis.granted_scopes"


def bearer_token(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header; None for any other header.

    Parsed as FastAPI's HTTPBearer parses it, so that the gate and the declared scheme agree.
    """
    scheme, token = get_authorization_scheme_param(authorization)
    return token if scheme.lower() == "bearer" and token else None


def scopes_of(token: str | None, tokens: ApiTokens) -> frozenset[str]:
    """The scopes a token grants; Unauthorized when there is no token or it is unknown."""
    if not token or token not in tokens:
        raise Unauthorized("a valid bearer token is required")
    return tokens[token]


def authorize(token: str | None, tokens: ApiTokens, needed: Iterable[str]) -> frozenset[str]:
    """The token's scopes; Unauthorized without a known token, Forbidden without a needed one."""
    granted = scopes_of(token, tokens)
    for scope in sorted(needed):
        if scope not in granted:
            raise Forbidden(f"the token lacks the scope {scope}")
    return granted


@dataclass(frozen=True)
class ScopeRequired:
    """The dependency `require_scope` makes: the declaration the gate reads, and a last guard."""

    scope: str

    async def __call__(  # async: only a look-up, no need of a worker thread (chassis.deps)
        self,
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> None:
        # The gate checked the token before the body was read. A route it did not check (an app
        # not made by create_service_app) is a wiring mistake: it fails closed, never open.
        if self.scope not in request.scope.get(GRANTED_SCOPES, frozenset()):
            raise RuntimeError(
                f"no gate checked the scope {self.scope} of {request.method} {request.url.path}:"
                " make the app with chassis.app.create_service_app"
            )


def require_scope(scope: str) -> ScopeRequired:
    """A route dependency that lets the request through only with a token granting `scope`."""
    return ScopeRequired(scope)


def scopes_required(dependant: Dependant) -> frozenset[str]:
    """Every scope a route's dependencies require (its router's included), however deep."""
    own = {dependant.call.scope} if isinstance(dependant.call, ScopeRequired) else set()
    return frozenset(own.union(*(scopes_required(d) for d in dependant.dependencies)))
