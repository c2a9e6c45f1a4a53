"""Per module, the statements each layer ran, from coverage.py's JSON reports: of all layers'
data, and of each layer's context alone."""

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any


@dataclass(frozen=True)
class Module:
    """One source file of a service or the chassis: its statements, and which layers ran them."""

    member: str
    path: str  # from the repository's root
    statements: int
    by_layer: dict[str, int]  # statements each layer ran
    union: int  # ran by any layer
    only: dict[str, int]  # ran by this layer and no other

    def as_data(self) -> dict[str, Any]:
        return {
            "member": self.member,
            "path": self.path,
            "statements": self.statements,
            "by_layer": self.by_layer,
            "union": self.union,
            "only": self.only,
        }


def member(path: str) -> str:
    """`services/orders/src/orders/domain.py` -> `orders`; `libs/chassis/...` -> `chassis`."""
    parts = PurePosixPath(path).parts
    return parts[1]


def modules(whole: dict[str, Any], by_layer: dict[str, dict[str, Any]]) -> list[Module]:
    """Every measured file, by member then path: `whole` is `coverage json` of every layer's
    data, `by_layer` the same report of each layer alone (`--contexts=^<layer>$`)."""
    found = []
    for path, entry in sorted(whole["files"].items(), key=lambda item: (member(item[0]), item[0])):
        ran = {
            layer: set(report["files"].get(path, {}).get("executed_lines", ()))
            for layer, report in by_layer.items()
        }
        others = {layer: set().union(*(ran[o] for o in ran if o != layer)) for layer in ran}
        found.append(
            Module(
                member(path),
                path,
                entry["summary"]["num_statements"],
                {layer: len(lines) for layer, lines in ran.items()},
                len(entry["executed_lines"]),
                {layer: len(lines - others[layer]) for layer, lines in ran.items()},
            )
        )
    return found


def from_data(rows: list[dict[str, Any]]) -> list[Module]:
    return [Module(**row) for row in rows]
