"""The import contracts `nox -s lint` holds the code to (import-linter), made from the workspace.

The unit layer runs every member in one environment, several to a process
(`testkit.runner.one_process`), so an import of one service from another would no longer fail for
want of the package: these contracts say what separate environments used to. They are written from
the members found (`testkit.workspace`), never listed by hand, so a new service is held to them
unnamed:

- services (the members under services/) never import each other: they agree through pacts;
- the chassis imports no service and no test tooling (the members under infra/);
- no service's code imports the test tooling.

Standard library only: the noxfile's lint session writes the file with it.
"""

from pathlib import Path

from testkit.workspace import members

CHASSIS = "libs"
TOOLING = "infra"
SERVICES = "services"


def packages(root: Path) -> dict[str, list[str]]:
    """The import packages under each kind of member's folder (`services`, `libs`, `infra`)."""
    found: dict[str, list[str]] = {}
    for member in members(root):
        kind = member.folder.relative_to(root).parts[0]
        names = sorted(init.parent.name for init in member.folder.glob("src/*/__init__.py"))
        found.setdefault(kind, []).extend(names)
    return found


def configuration(root: Path) -> str:
    """The contracts as import-linter's INI configuration (`lint-imports --config FILE`)."""
    found = packages(root)
    services, chassis, tooling = (found.get(kind, []) for kind in (SERVICES, CHASSIS, TOOLING))
    contracts = [
        ("Services never import each other", "independence", {"modules": services}),
        (
            "The chassis imports no service and no test tooling",
            "forbidden",
            {"source_modules": chassis, "forbidden_modules": services + tooling},
        ),
        (
            "No service's code imports the test tooling",
            "forbidden",
            {"source_modules": services, "forbidden_modules": tooling},
        ),
    ]
    lines = ["[importlinter]", _listed("root_packages", services + chassis + tooling)]
    for number, (name, kind, modules) in enumerate(contracts, start=1):
        lines += ["", f"[importlinter:contract:{number}]", f"name = {name}", f"type = {kind}"]
        lines += [_listed(key, value) for key, value in modules.items()]
    return "\n".join(lines) + "\n"


def _listed(key: str, values: list[str]) -> str:
    return "\n    ".join([f"{key} =", *values])
