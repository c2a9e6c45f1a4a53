"""The tokens docker-compose.yml gives the services, held to the scopes of the routes they call.

Nothing is typed twice. The routes a caller calls are the requests of its pacts with the
provider (`contracts/<caller>-<provider>.json`); the scopes each route requires are read from
the provider's own route declarations (`require_scope`, as the chassis' gate holds them); the
token a caller is given is its `<CALLER>_<PROVIDER>_TOKEN` in compose (``ORDERS_CATALOG_TOKEN``
is orders' `catalog_token`); the scopes that token grants are the provider's `<PREFIX>API_TOKENS`
in compose, read as the provider's settings read them. No stack runs: a provider's contract suite
checks its callers in milliseconds by subclassing `CallerTokenChecks`:

    class TestCallerTokens(CallerTokenChecks):
        provider = "catalog"
        settings_class = Settings

The class is not named Test*, so pytest collects its test only in the service's subclass.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar, NamedTuple

import pytest
import yaml
from fastapi import FastAPI
from pydantic import TypeAdapter

from chassis.gate import RequestGate
from chassis.settings import ServiceSettings
from testkit.pact.auth import NO_VALID_TOKEN, TOKEN_LACKS_SCOPE
from testkit.pact.contracts import interactions
from testkit.workspace import workspace_root

# Interactions whose token is refused on purpose: they need no scope.
REFUSALS = frozenset({NO_VALID_TOKEN, TOKEN_LACKS_SCOPE})


class Call(NamedTuple):
    """One request a consumer's pact makes of the provider."""

    consumer: str
    description: str
    method: str
    path: str


def compose_environments(compose_file: Path) -> dict[str, dict[str, str]]:
    """Service -> its environment in the compose file (YAML anchors and merge keys resolved)."""
    services = yaml.safe_load(compose_file.read_text())["services"]
    environments = {}
    for name, service in services.items():
        environment = service.get("environment") or {}
        if isinstance(environment, list):  # the other spelling compose allows: ["KEY=value"]
            environment = dict(item.split("=", 1) for item in environment)
        environments[name] = {key: str(value) for key, value in environment.items()}
    return environments


def pact_calls(pacts_dir: Path, provider: str) -> Iterator[Call]:
    """The HTTP requests of every ``<consumer>-<provider>.json``, but those refused on purpose."""
    for consumer, interaction in interactions(pacts_dir, provider):
        states = {state["name"] for state in interaction.get("providerStates", [])}
        if "request" in interaction and not states & REFUSALS:
            request = interaction["request"]
            yield Call(consumer, interaction["description"], request["method"], request["path"])


def route_scopes(app: FastAPI, method: str, path: str) -> frozenset[str]:
    """The scopes the app's gate requires of `method` `path`; AssertionError if no route takes it.

    Read from the chassis' gate (`create_service_app` installs it): the routes as declared, with
    the scopes of their `require_scope`, which the gate checks on every request.
    """
    gates = [m.kwargs["routes"] for m in app.user_middleware if m.cls is RequestGate]
    assert gates, f"{app.title} has no chassis gate: it was not made by create_service_app"
    found = gates[0].route_for({"type": "http", "method": method, "path": path, "root_path": ""})
    if found is None:
        raise AssertionError(f"no route of {app.title} takes {method} {path}")
    return found[1]


def granted_scopes(
    environment: dict[str, str], settings_class: type[ServiceSettings]
) -> dict[str, frozenset[str]]:
    """Token -> scopes, from the provider's environment, as its settings class reads them."""
    variable = f"{settings_class.model_config.get('env_prefix', '')}API_TOKENS".upper()
    assert variable in environment, f"compose gives the provider no {variable}"
    field: Any = settings_class.model_fields["api_tokens"].annotation
    return TypeAdapter(field).validate_json(environment[variable])


def check_caller_tokens(
    app: FastAPI,
    settings_class: type[ServiceSettings],
    *,
    provider: str,
    compose_file: Path,
    pacts_dir: Path,
) -> set[str]:
    """Every request a compose service's pact makes of `provider`: its token has the scopes.

    Consumers that are not services of the compose file (the e2e suite, which uses the demo
    token) are left out: compose gives them no token.

    Returns:
        The callers checked.

    Raises:
        AssertionError: One line per call whose token is missing, unknown to the provider, or
            short of a scope the route requires.
    """
    environments = compose_environments(compose_file)
    granted = granted_scopes(environments[provider], settings_class)
    problems, checked = [], set()
    for call in pact_calls(pacts_dir, provider):
        if call.consumer not in environments:
            continue
        checked.add(call.consumer)
        variable = f"{call.consumer}_{provider}_TOKEN".upper()
        token = environments[call.consumer].get(variable)
        where = f"{call.consumer} ({call.description}: {call.method} {call.path})"
        if token is None:
            problems.append(f"{where}: compose gives {call.consumer} no {variable}")
        elif token not in granted:
            problems.append(f"{where}: its {variable} is not one of {provider}'s API_TOKENS")
        elif missing := route_scopes(app, call.method, call.path) - granted[token]:
            problems.append(f"{where}: its {variable} lacks {', '.join(sorted(missing))}")
    assert not problems, "\n".join(problems)
    return checked


class CallerTokenChecks:
    """The tokens compose gives one provider's callers grant what their pacts call."""

    # The provider's name in the pacts and in compose, e.g. "catalog".
    provider: ClassVar[str]
    # Its settings class, which says how its API_TOKENS variable is named and read.
    settings_class: ClassVar[type[ServiceSettings]]

    def test_each_callers_token_in_compose_grants_the_scopes_of_the_routes_its_pact_calls(
        self, provider_app: FastAPI, pact_dir: Path, pytestconfig: pytest.Config
    ) -> None:
        checked = check_caller_tokens(
            provider_app,
            self.settings_class,
            provider=self.provider,
            compose_file=workspace_root(pytestconfig.rootpath) / "docker-compose.yml",
            pacts_dir=pact_dir,
        )
        assert checked, f"no service of compose calls {self.provider}: nothing was checked"
