"""What an app's routes declare, read before (or besides) FastAPI's own routing of a request.

The gate must know a route's scopes before the route reads its body, and a 405 must name every
method of its path: Starlette's names only those of the first route that has the path.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from fastapi.routing import APIRoute
from starlette.routing import BaseRoute, Match, Route
from starlette.types import Scope

from chassis.auth import scopes_required

NONE: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RouteTable:
    """The app's routes in the order it matches them, each with the scopes it requires."""

    routes: tuple[tuple[Route, frozenset[str]], ...]

    @classmethod
    def of(cls, routes: Iterable[BaseRoute]) -> "RouteTable":
        """The table of routes in the order the app matches them; those with no methods left out.

        The routes of an included router are taken from the router as it is (no prefix or
        dependency added: create_service_app adds none). FastAPI's own routes (the OpenAPI
        document, the docs) require nothing.
        """
        return cls(
            tuple(
                (route, scopes_required(route.dependant) if isinstance(route, APIRoute) else NONE)
                for route in routes
                if isinstance(route, Route)
            )
        )

    def route_for(self, scope: Scope) -> tuple[Route, frozenset[str]] | None:
        """The route a request goes to, with the scopes it requires; None when no route takes it."""
        for route, scopes in self.routes:
            if route.matches(scope)[0] is Match.FULL:
                return route, scopes
        return None

    def scopes_needed(self, scope: Scope) -> frozenset[str]:
        """The scopes the route a request goes to requires; none when no route takes it."""
        found = self.route_for(scope)
        return found[1] if found else NONE

    def methods_allowed(self, scope: Scope) -> list[str]:
        """Every method the request's path supports, whichever route serves it."""
        methods = {
            method
            for route, _ in self.routes
            if route.matches(scope)[0] is not Match.NONE
            for method in route.methods
        }
        return sorted(methods)
