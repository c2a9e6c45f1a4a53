"""Every service appears at every touchpoint docs/adding-a-service.md lists: none forgotten.

The services are the workspace's members under services/; each touchpoint reads the file that
holds it as structure (TOML, YAML, JSON, Python's syntax tree), never by searching text, and
says what is missing for which service. A new touchpoint is one function added to TOUCHPOINTS,
under the title of its section in the guide (a test holds the guide to the list).
"""

import ast
import copy
import json
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from testkit.workspace import Member, members, workspace_root

ROOT = workspace_root(Path(__file__).parent)
GUIDE = ROOT / "docs" / "adding-a-service.md"
DEMO_TOKEN = "demo-admin-token"  # noqa: S105  (compose's demo token, not a secret)
ROLES_SQL = "infra/compose/postgres/10-service-roles.sql"


@dataclass
class Repository:
    """What the touchpoints read, parsed once: each test may alter a copy."""

    root: Path
    locked: set[str]
    compose: dict
    definitions: dict
    pacts: list[tuple[str, str]]  # (consumer, provider) of each file in contracts/
    e2e_services: set[str]
    benchmark_services: set[str]

    @property
    def environment(self) -> Iterator[tuple[str, str]]:
        """Every variable compose sets in any container, wherever A's refactors move it."""
        for container in self.compose["services"].values():
            environment = container.get("environment") or {}
            if isinstance(environment, list):
                environment = dict(item.split("=", 1) for item in environment)
            yield from environment.items()

    def variable(self, name: str) -> str | None:
        return next((value for key, value in self.environment if key == name), None)


def python_literal(path: Path, name: str) -> set[str]:
    """The names in the module-level constant `name` (a dict's keys or a tuple's items)."""
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == name for target in node.targets
        ):
            return set(ast.literal_eval(node.value))
    raise LookupError(f"{path} defines no {name}")


def read_repository(root: Path) -> Repository:
    lock = tomllib.loads((root / "uv.lock").read_text())
    pacts = [
        (pact["consumer"]["name"], pact["provider"]["name"])
        for pact in map(json.loads, map(Path.read_text, sorted(root.glob("contracts/*.json"))))
    ]
    return Repository(
        root=root,
        locked={package["name"] for package in lock["package"]},
        compose=yaml.safe_load((root / "docker-compose.yml").read_text()),
        definitions=json.loads((root / "infra/compose/rabbitmq/definitions.json").read_text()),
        pacts=pacts,
        e2e_services=python_literal(root / "e2e/tests/system.py", "SERVICES"),
        benchmark_services=python_literal(root / "infra/benchmark/stack.py", "SERVICES"),
    )


def services(root: Path) -> list[Member]:
    return [m for m in members(root) if m.folder.parent == root / "services"]


# Each touchpoint: what is missing for `service` there (empty: nothing).
Touchpoint = Callable[[Member, Repository], list[str]]


def workspace_member(service: Member, repo: Repository) -> list[str]:
    folder = service.folder
    needed = [
        "pyproject.toml", "Dockerfile", "alembic.ini", "migrations", f"src/{service.name}",
    ]  # fmt: skip
    missing = [f"no {folder.name}/{path}" for path in needed if not (folder / path).exists()]
    return missing + ([] if service.name in repo.locked else ["not in uv.lock: run `uv lock`"])


def compose_service_and_database(service: Member, repo: Repository) -> list[str]:
    name, containers = service.name, repo.compose["services"]
    app, db = containers.get(name), containers.get(f"{name}-db")
    if app is None or db is None:
        return [f"docker-compose.yml has no `{name}`" if app is None else f"no `{name}-db`"]
    missing = []
    if (app.get("build") or {}).get("dockerfile") != f"services/{name}/Dockerfile":
        missing.append(f"`{name}` is not built from services/{name}/Dockerfile")
    if "healthcheck" not in app or "ports" not in app:
        missing.append(f"`{name}` lacks a health check or a published port")
    if db.get("environment", {}).get("POSTGRES_DB") != name:
        missing.append(f"`{name}-db` does not make the database {name}")
    if not (repo.compose.get("networks", {}).get(f"{name}-db") or {}).get("internal"):
        missing.append(f"no internal network `{name}-db`")
    if f"{name}-db" not in app.get("networks", []):
        missing.append(f"`{name}` is not on the network `{name}-db`")
    return missing


def database_roles(service: Member, repo: Repository) -> list[str]:
    name, upper = service.name, service.name.upper()
    db = repo.compose["services"].get(f"{name}-db", {})
    missing = []
    if not any(ROLES_SQL in str(volume) for volume in db.get("volumes", [])):
        missing.append(f"`{name}-db` does not run {ROLES_SQL}")
    for variable, role in ((f"{upper}_DATABASE_URL", f"{name}_app"),
                           (f"{upper}_MIGRATION_DATABASE_URL", f"{name}_migrator")):  # fmt: skip
        url = repo.variable(variable)
        if url is None or (urlsplit(url).username, urlsplit(url).hostname) != (role, f"{name}-db"):
            missing.append(f"{variable} does not log in as {role} to {name}-db")
    return missing


def broker_user(service: Member, repo: Repository) -> list[str]:
    name = service.name
    url = repo.variable(f"{name.upper()}_BROKER_URL")
    uses_broker = (service.folder / "src" / name / "handlers.py").exists() or any(
        provider == f"{name}-events" for _, provider in repo.pacts
    )
    if url is None:
        return [f"it consumes or publishes but has no {name.upper()}_BROKER_URL"] * uses_broker
    user = urlsplit(url).username
    defined = repo.definitions
    missing = []
    if user not in {u["name"] for u in defined.get("users", [])}:
        missing.append(f"definitions.json has no user {user}")
    for section in ("permissions", "topic_permissions"):
        if user not in {p["user"] for p in defined.get(section, [])}:
            missing.append(f"definitions.json has no {section} for {user}")
    return missing


def tokens(service: Member, repo: Repository) -> list[str]:
    variable = f"{service.name.upper()}_API_TOKENS"
    raw = repo.variable(variable)
    if raw is None or DEMO_TOKEN not in json.loads(raw):
        return [f"compose gives it no {variable} holding {DEMO_TOKEN}"]
    # the callers' tokens: testkit.checks.compose_tokens, in each provider's contract suite
    return []


def pacts(service: Member, repo: Repository) -> list[str]:
    name, source = service.name, service.folder / "src" / service.name
    missing = [
        f"no contracts/{name}-{client.stem.removesuffix('_client')}.json for {client.name}"
        for client in sorted(source.glob("*_client.py"))
        if (name, client.stem.removesuffix("_client")) not in repo.pacts
    ]
    if (source / "handlers.py").exists() and not any(
        consumer == name and provider.endswith("-events") for consumer, provider in repo.pacts
    ):
        missing.append(f"it handles events but no contracts/{name}-<producer>-events.json")
    provides = any(provider in (name, f"{name}-events") for _, provider in repo.pacts)
    if provides and service.provider_test is None:
        missing.append("a pact names it as provider but it has no tests/contract/test_provider.py")
    return missing


def e2e_and_benchmarks(service: Member, repo: Repository) -> list[str]:
    return [
        f"{where} does not list it"
        for where, listed in (("e2e/tests/system.py SERVICES", repo.e2e_services),
                              ("infra/benchmark/stack.py SERVICES", repo.benchmark_services))
        if service.name not in listed
    ]  # fmt: skip


# Where sessions, CI jobs and the affected planner come from: found from the workspace, so a
# service's name written in one of them would be a list to forget it in.
FOUND_NOT_LISTED = [
    "noxfile.py",
    ".github/workflows/ci.yml",
    *(f"infra/evidence/src/evidence/affected/{name}.py" for name in ("rules", "services")),
]


def names_in(path: Path) -> set[str]:
    """Every string a Python module's code holds, or a YAML file's keys and values."""
    if path.suffix == ".py":
        tree = ast.parse(path.read_text())
        return {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and n.value}

    def walk(node: object) -> Iterator[str]:
        if isinstance(node, dict):
            for key, value in node.items():
                yield str(key)
                yield from walk(value)
        elif isinstance(node, list):
            for item in node:
                yield from walk(item)
        else:
            yield str(node)

    return set(walk(yaml.safe_load(path.read_text())))


def sessions_ci_and_planner(service: Member, repo: Repository) -> list[str]:
    missing = [
        f"{service.folder.name}/tests/{layer} is missing: nox and CI find suites by folder"
        for layer in ("unit", "integration")
        if not (service.folder / "tests" / layer).is_dir()
    ]
    return missing + [
        f"{path} names it: there, services are found, not listed"
        for path in FOUND_NOT_LISTED
        if service.name in names_in(repo.root / path)
    ]


# In the guide's order; each key is the title of its section there.
TOUCHPOINTS: dict[str, Touchpoint] = {
    "The workspace member": workspace_member,
    "The compose service and its database": compose_service_and_database,
    "The database roles": database_roles,
    "The broker user and its permissions": broker_user,
    "The tokens": tokens,
    "The pacts": pacts,
    "The E2E client and the benchmarks": e2e_and_benchmarks,
    "The nox sessions, the CI matrix and the affected rules": sessions_ci_and_planner,
}


def forgotten(repo: Repository) -> dict[str, list[str]]:
    """Touchpoint -> what each service lacks there, for the touchpoints that lack anything."""
    found = {
        title: [f"{s.name}: {problem}" for s in services(repo.root) for problem in check(s, repo)]
        for title, check in TOUCHPOINTS.items()
    }
    return {title: problems for title, problems in found.items() if problems}


@pytest.fixture(scope="module")
def repo() -> Repository:
    return read_repository(ROOT)


def test_every_service_is_at_every_touchpoint_of_the_guide(repo):
    assert len(services(ROOT)) >= 5  # read, not skipped
    assert forgotten(repo) == {}


def test_the_guide_has_a_section_for_every_touchpoint_checked_here():
    headings = [line for line in GUIDE.read_text().splitlines() if line.startswith("## ")]

    assert [h.split(". ", 1)[-1] for h in headings if h[3:4].isdigit()] == list(TOUCHPOINTS)


def test_a_service_forgotten_at_one_touchpoint_is_named(repo):
    broken = copy.deepcopy(repo)
    broken.definitions["users"] = [
        u for u in broken.definitions["users"] if u["name"] != "payments"
    ]
    del broken.compose["services"]["catalog-db"]
    broken.locked.discard("users")

    assert forgotten(broken) == {
        "The workspace member": ["users: not in uv.lock: run `uv lock`"],
        "The compose service and its database": ["catalog: no `catalog-db`"],
        "The database roles": ["catalog: `catalog-db` does not run " + ROLES_SQL],
        "The broker user and its permissions": ["payments: definitions.json has no user payments"],
    }
