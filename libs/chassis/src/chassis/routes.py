"""What an app's routes declare, read before (or besides) FastAPI's own routing of a request.

The gate must know a route's scopes before the route reads its body, and a 405 must name every
method of its path: Starlette's names only those of the first route that has the path.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from fastapi import APIRouter
from fastapi.routing import APIRoute
from starlette.routing import Match
from starlette.types import Scope

from chassis.auth import scopes_required


@dataclass(frozen=True)
class RouteTable:
    """The app's routes in the order it matches them, each with the scopes it requires."""

    routes: tuple[tuple[APIRoute, frozenset[str]], ...]

    @classmethod
    def of(cls, routers: Iterable[APIRouter]) -> "RouteTable":
        """The table of the routers an app includes as they are (no prefix or dependency added)."""
        return cls(
            tuple(
                (route, scopes_required(route.dependant))
                for router in routers
                for route in router.routes
                if isinstance(route, APIRoute)
            )
        )

    def scopes_needed(self, scope: Scope) -> frozenset[str]:
        """The scopes the route a request goes to requires; none when no route takes it."""
        for route, scopes in self.routes:
            if route.matches(scope)[0] is Match.FULL:
                return scopes
        return frozenset()

    def methods_allowed(self, scope: Scope) -> list[str]:
        """Every method the request's path supports, whichever route serves it."""
        methods = {
            method
            for route, _ in self.routes
            if route.matches(scope)[0] is not Match.NONE
            for method in route.methods
        }
        return sorted(methods)
