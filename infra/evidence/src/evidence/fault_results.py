"""docs/fault-matrix.json: a run's results, committed beside the report that is made from them.

The report (`evidence.fault_report.render`) and the picture are pure functions of this file, so
a check can write them again offline and compare; `--check` reads each fault's owning test
from it; shards write a part of it each, and `--merge` joins the parts.

    {"version": 1, "mode": "all-layers" | "reach", "columns": [...], "shard": "1/4" | null,
     "baseline": {layer: {"sessions": [...], "seconds": 12.3}}, "facts": ["- ...", ...],
     "faults": [{"id", "file", "description", "class", "owner", "reach", "skips", "verdict",
                 "layers": {layer: LayerRun as a dict}}]}
"""

from collections.abc import Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from evidence.fault_matrix import COLUMNS, FaultResult, LayerRun, TestRef
from evidence.fault_patches import Fault

VERSION = 1
ALL_LAYERS, REACH = "all-layers", "reach"


def fault_json(result: FaultResult) -> dict[str, Any]:
    fault = result.fault
    return {
        "id": fault.id,
        "file": fault.path.name,
        "description": fault.description,
        "class": fault.kind,
        "owner": fault.owner,
        "reach": list(fault.reach),
        "files": list(fault.files),
        "skips": fault.skips,
        "verdict": result.verdict,
        "layers": {layer: asdict(run) for layer, run in result.runs.items()},
    }


def document(
    results: Sequence[FaultResult],
    *,
    mode: str,
    columns: Sequence[str],
    baseline: Mapping[str, Any],
    facts: Sequence[str],
    shard: str | None = None,
) -> dict[str, Any]:
    """The results file's content."""
    return {
        "version": VERSION,
        "mode": mode,
        "columns": list(columns),
        "shard": shard,
        "baseline": dict(baseline),
        "facts": list(facts),
        "faults": [fault_json(result) for result in results],
    }


def layer_run(data: Mapping[str, Any]) -> LayerRun:
    test = data.get("test")
    return LayerRun(
        outcome=data["outcome"],
        seconds=data.get("seconds"),
        sessions=tuple(data.get("sessions", ())),
        evidence=data.get("evidence", ""),
        message=data.get("message", ""),
        set_aside=tuple(data.get("set_aside", ())),
        reason=data.get("reason", ""),
        test=TestRef(**test) if test else None,
    )


def results(data: Mapping[str, Any]) -> list[FaultResult]:
    """The faults' results a results file holds."""
    found = []
    for item in data["faults"]:
        fault = Fault(
            id=item["id"],
            path=Path(item["file"]),
            description=item["description"],
            kind=item["class"],
            owner=item["owner"],
            reach=tuple(item["reach"]),
            files=tuple(item.get("files", ())),
            skips=item.get("skips", ""),
        )
        runs = {layer: layer_run(run) for layer, run in item["layers"].items()}
        found.append(FaultResult(fault, runs))
    return found


class CannotMerge(ValueError):
    """Parts that are not shards of one run: a fault twice, or runs of different modes."""


def merge(parts: Sequence[Mapping[str, Any]], order: Sequence[str]) -> dict[str, Any]:
    """The shards' results as one file, the faults in `order` (their files' order).

    A fault's layers may come from several parts (`--layers`): they are joined, and its
    verdict made again from the whole. A layer of a fault in two parts is an error.
    """
    if not parts:
        raise CannotMerge("no results to merge")
    modes = {part["mode"] for part in parts}
    if len(modes) != 1:
        raise CannotMerge(f"shards of different modes: {', '.join(sorted(modes))}")
    faults: dict[str, Any] = {}
    for part in parts:
        for item in part["faults"]:
            if item["id"] not in faults:
                faults[item["id"]] = {**item, "layers": dict(item["layers"])}
                continue
            kept = faults[item["id"]]["layers"]
            if twice := sorted(set(kept) & set(item["layers"])):
                raise CannotMerge(f"{item['id']} is in two shards ({', '.join(twice)})")
            kept.update(item["layers"])
    if missing := [fault for fault in order if fault not in faults]:
        raise CannotMerge(f"no shard ran {', '.join(missing)}")
    used = {column for part in parts for column in part["columns"]}
    columns = [column for column in COLUMNS if column in used]
    facts = [f"- Shards merged: {len(parts)}"] + [
        f"- Shard {part['shard']}: " + "; ".join(fact.removeprefix("- ") for fact in part["facts"])
        for part in parts
    ]
    baseline: dict[str, Any] = {}
    for part in parts:
        for layer, run in part["baseline"].items():
            baseline.setdefault(layer, run)
    merged = [faults[fault] for fault in order if fault in faults]
    for item, result in zip(merged, results({"faults": merged}), strict=True):
        item["layers"] = {c: item["layers"][c] for c in COLUMNS if c in item["layers"]}
        item["verdict"] = result.verdict
    return {
        "version": VERSION,
        "mode": modes.pop(),
        "columns": columns,
        "shard": None,
        "baseline": {layer: baseline[layer] for layer in COLUMNS if layer in baseline},
        "facts": facts,
        "faults": merged,
    }
