"""docs/coverage.md's generated block, from docs/coverage.json: a pure function (`render`)."""

from collections.abc import Sequence
from typing import Any

from evidence.coverage.lines import Module, from_data
from evidence.coverage.measure import LAYERS

# What a module is, by its name: the boundary it sits on (docs/testing-strategy.md's table).
# Rules are pure (models of data, totals, states, payloads); use cases drive a request or an
# event through rules and adapters; HTTP is the routes, the app and its errors; adapters talk to
# the database, the broker or another service.
KINDS = {
    "rules": ("domain", "schemas", "events", "emails", "envelope", "pagination"),
    "use cases": ("service", "handlers", "reservations", "holds", "processing"),
    "HTTP": ("routes", "app", "errors", "auth", "openapi", "health", "deps", "gate"),
}
ADAPTERS = "adapters"  # everything else: models, clients, migrations, db, messaging, settings


def kind(module: Module) -> str:
    stem = module.path.rsplit("/", 1)[-1].removesuffix(".py")
    return next((name for name, stems in KINDS.items() if stem in stems), ADAPTERS)


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} %" if whole else "-"


def _cells(modules: Sequence[Module]) -> list[str]:
    statements = sum(m.statements for m in modules)
    ran = [sum(m.by_layer[layer] for m in modules) for layer in LAYERS]
    union = sum(m.union for m in modules)
    only = [sum(m.only[layer] for m in modules) for layer in LAYERS]
    return [
        str(statements),
        *(_share(n, statements) for n in ran),
        _share(union, statements),
        *(_share(n, statements) for n in only),
    ]


HEADER = ["statements", *LAYERS, "union", *(f"{layer} only" for layer in LAYERS)]


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = [header, ["---"] + ["---:"] * (len(header) - 1), *rows]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def reading(modules: Sequence[Module]) -> list[str]:
    """Per kind of module: which layer reaches most of it, and which reaches some of it alone."""
    lines = []
    for name in [*KINDS, ADAPTERS]:
        group = [m for m in modules if kind(m) == name]
        statements = sum(m.statements for m in group)
        if not statements:
            continue
        ran = {layer: sum(m.by_layer[layer] for m in group) for layer in LAYERS}
        alone = {layer: sum(m.only[layer] for m in group) for layer in LAYERS}
        best, solo = max(ran, key=ran.__getitem__), max(alone, key=alone.__getitem__)
        lines.append(
            f"- **{name}**: {best} reaches the most ({_share(ran[best], statements)} of"
            f" {statements} statements); {_share(alone[solo], statements)} are reached by"
            f" {solo} alone"
            + (
                f", {_share(alone[o], statements)} by {o} alone"
                if (o := _second(alone, solo))
                else ""
            )
            + "."
        )
    return lines


def _second(alone: dict[str, int], first: str) -> str | None:
    rest = {layer: n for layer, n in alone.items() if layer != first and n}
    return max(rest, key=rest.__getitem__) if rest else None


def render(data: dict[str, Any]) -> str:
    """The block: the reading per kind, then per member, then per module."""
    modules = from_data(data["modules"])
    members = sorted({m.member for m in modules})
    kinds = [
        [name, *_cells(g)]
        for name in [*KINDS, ADAPTERS]
        if (g := [m for m in modules if kind(m) == name])
    ]
    per_member = [
        [member, *_cells([m for m in modules if m.member == member])] for member in members
    ]
    per_module = [
        [f"`{m.path.split('/src/', 1)[-1]}`", kind(m), *_cells([m])]
        for m in modules
        if m.statements
    ]
    return (
        "\n\n".join(
            [
                f"Written by `{data['command']}` on {data['date']}: {', '.join(data['sessions'])}.",
                "\n".join(reading(modules)),
                "### By kind of module",
                _table(["kind", *HEADER], [*kinds, ["**all**", *_cells(modules)]]),
                "### By member",
                _table(["member", *HEADER], per_member),
                "### By module",
                _table(["module", "kind", *HEADER], per_module),
            ]
        )
        + "\n"
    )
