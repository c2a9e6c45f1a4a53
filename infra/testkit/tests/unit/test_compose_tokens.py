"""check_caller_tokens: a compose file's tokens against the scopes of the routes a pact calls."""

import json
from pathlib import Path

import pytest
from fastapi import APIRouter, Depends, FastAPI
from pydantic_settings import SettingsConfigDict

from chassis.app import create_service_app
from chassis.auth import require_scope
from chassis.settings import ServiceSettings
from testkit.checks.compose_tokens import check_caller_tokens, compose_environments
from testkit.pact.auth import NO_VALID_TOKEN

# A provider as compose would run it, `kit`, and a caller, `shop`, with its token for kit.
COMPOSE = """
x-service: &service
  environment: &env
    KIT_DATABASE_URL: postgresql://unused/unused
services:
  kit:
    <<: *service
    environment:
      <<: *env
      KIT_API_TOKENS: >-
        {"shop-token": [SCOPES]}
  shop:
    environment:
      SHOP_KIT_TOKEN: shop-token
"""


class KitSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="KIT_", frozen=True)


def kit_app() -> FastAPI:
    router = APIRouter(prefix="/things")

    @router.get("/{thing}", dependencies=[Depends(require_scope("things:read"))])
    def get_thing(thing: str) -> str:
        return thing

    @router.post("", dependencies=[Depends(require_scope("things:write"))])
    def add_thing() -> None: ...

    return create_service_app(title="kit", session_factory=None, api_tokens={}, routers=[router])


def request(method: str, path: str, *states: str) -> dict:
    return {
        "description": f"{method} {path}",
        "providerStates": [{"name": state} for state in states],
        "request": {"method": method, "path": path},
        "type": "Synchronous/HTTP",
    }


def check(tmp_path: Path, scopes: str, *interactions: dict) -> set[str]:
    (tmp_path / "docker-compose.yml").write_text(COMPOSE.replace("SCOPES", scopes))
    pact = {"consumer": {"name": "shop"}, "interactions": list(interactions)}
    (tmp_path / "shop-kit.json").write_text(json.dumps(pact))
    return check_caller_tokens(
        kit_app(),
        KitSettings,
        provider="kit",
        compose_file=tmp_path / "docker-compose.yml",
        pacts_dir=tmp_path,
    )


def test_the_environment_of_each_service_is_read_with_its_anchors_merged(tmp_path):
    (tmp_path / "docker-compose.yml").write_text(COMPOSE.replace("SCOPES", '"things:read"'))

    environments = compose_environments(tmp_path / "docker-compose.yml")

    assert environments["kit"]["KIT_DATABASE_URL"] == "postgresql://unused/unused"
    assert json.loads(environments["kit"]["KIT_API_TOKENS"]) == {"shop-token": ["things:read"]}
    assert environments["shop"] == {"SHOP_KIT_TOKEN": "shop-token"}


def test_a_token_granting_every_scope_its_pact_calls_for_passes(tmp_path):
    interactions = [request("GET", "/things/a"), request("POST", "/things")]

    assert check(tmp_path, '"things:read", "things:write"', *interactions) == {"shop"}


def test_a_scope_the_token_lacks_names_the_call_and_the_scope(tmp_path):
    with pytest.raises(AssertionError, match=r"shop \(POST /things: POST /things\).*things:write"):
        check(tmp_path, '"things:read"', request("GET", "/things/a"), request("POST", "/things"))


def test_a_call_refused_on_purpose_needs_no_scope(tmp_path):
    assert check(tmp_path, '"things:read"', request("POST", "/things", NO_VALID_TOKEN)) == set()


def test_a_caller_without_a_token_for_the_provider_fails(tmp_path):
    pact = {"consumer": {"name": "shop"}, "interactions": [request("GET", "/things/a")]}
    compose = COMPOSE.replace("SCOPES", '"things:read"').replace("SHOP_KIT_TOKEN", "SHOP_TOKEN")
    (tmp_path / "docker-compose.yml").write_text(compose)
    (tmp_path / "shop-kit.json").write_text(json.dumps(pact))

    with pytest.raises(AssertionError, match="compose gives shop no SHOP_KIT_TOKEN"):
        check_caller_tokens(
            kit_app(),
            KitSettings,
            provider="kit",
            compose_file=tmp_path / "docker-compose.yml",
            pacts_dir=tmp_path,
        )


def test_a_path_no_route_takes_fails_rather_than_need_nothing(tmp_path):
    with pytest.raises(AssertionError, match="no route of kit takes GET /thing/a"):
        check(tmp_path, '"things:read"', request("GET", "/thing/a"))
