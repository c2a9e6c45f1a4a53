"""The import contracts come from the workspace: a new service is held to them unnamed."""

import configparser
from pathlib import Path

from testkit.runner.import_contracts import configuration


def workspace(root: Path, *members: str) -> Path:
    (root / "pyproject.toml").write_text(
        '[tool.uv.workspace]\nmembers = ["libs/*", "infra/*", "services/*", "e2e"]\n'
    )
    for folder in members:
        name = Path(folder).name
        (root / folder / "src" / name).mkdir(parents=True)
        (root / folder / "src" / name / "__init__.py").write_text("")
        (root / folder / "pyproject.toml").write_text(f'[project]\nname = "{name}"\n')
    (root / "e2e").mkdir()
    (root / "e2e" / "pyproject.toml").write_text('[project]\nname = "e2e"\n')
    return root


def contracts(text: str) -> dict[str, dict[str, list[str]]]:
    parsed = configparser.ConfigParser()
    parsed.read_string(text)
    return {
        parsed[section]["name"]: {key: parsed[section][key].split() for key in parsed[section]}
        for section in parsed.sections()
        if section.startswith("importlinter:contract:")
    }


def test_a_new_service_is_kept_apart_from_the_others_and_from_the_tooling(tmp_path):
    root = workspace(
        tmp_path, "libs/chassis", "infra/testkit", "services/orders", "services/invoices"
    )

    found = contracts(configuration(root))

    assert found["Services never import each other"]["modules"] == ["invoices", "orders"]
    chassis = found["The chassis imports no service and no test tooling"]
    assert chassis["forbidden_modules"] == ["invoices", "orders", "testkit"]
    tooling = found["No service's code imports the test tooling"]
    assert (tooling["source_modules"], tooling["forbidden_modules"]) == (
        ["invoices", "orders"],
        ["testkit"],
    )
