"""After the contract runs: print who verified what, and fail on drift from the committed pacts.

The fresh pacts are those the consumer tests just wrote; the reports, the results each provider
test saved (``<provider>.json``, the verifier's own JSON). The check fails when an interaction
was not verified, or when the fresh pacts differ from the committed ones, showing the diff
(with `update`, it copies the fresh ones in instead of failing on the drift).
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path


def interactions(pact: dict) -> list[str]:
    return [interaction["description"] for interaction in pact["interactions"]]


def kind(pact: dict) -> str:
    return "HTTP" if all("HTTP" in i["type"] for i in pact["interactions"]) else "messages"


def verified(reports: Path, provider: str, consumer: str) -> set[str] | None:
    """The descriptions the provider verified for this consumer; None if it never reported."""
    report = reports / f"{provider}.json"
    if not report.exists():
        return None
    results = json.loads(report.read_text())["interactionResults"]
    return {
        r["description"]
        for r in results
        if r["consumer"] == consumer and r["provider"] == provider and r["result"] == "OK"
    }


def matrix(fresh: Path, reports: Path) -> tuple[list[str], bool]:
    """Consumer x provider x interactions x verified, as table lines; and whether all verified."""
    rows, complete = [], True
    for path in sorted(fresh.glob("*.json")):
        pact = json.loads(path.read_text())
        consumer, provider = pact["consumer"]["name"], pact["provider"]["name"]
        expected = interactions(pact)
        done = verified(reports, provider, consumer)
        count = "not run" if done is None else f"{len(done & set(expected))}/{len(expected)}"
        complete &= done is not None and set(expected) <= done
        rows.append((consumer, provider, kind(pact), str(len(expected)), count))
    header = ("consumer", "provider", "kind", "interactions", "verified")
    return table(header, rows), complete and bool(rows)


def table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    """`rows` under `header` in aligned columns, a rule between them, as lines."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [header, tuple("-" * w for w in widths), *rows]
    ]


def drift(fresh: Path, committed: Path) -> list[str]:
    """The pact files that differ, byte for byte, between the fresh and the committed ones."""
    names = {p.name for p in fresh.glob("*.json")} | {p.name for p in committed.glob("*.json")}
    return sorted(
        name
        for name in names
        if not (fresh / name).exists()
        or not (committed / name).exists()
        or (fresh / name).read_bytes() != (committed / name).read_bytes()
    )


def update(fresh: Path, committed: Path, names: list[str]) -> None:
    """Make the committed pacts `names` what the consumers wrote (removed if they wrote none)."""
    for name in names:
        if (fresh / name).exists():
            shutil.copyfile(fresh / name, committed / name)
        else:
            (committed / name).unlink()


def show_diff(fresh: Path, committed: Path, name: str) -> None:
    before, after = (
        p if p.exists() else Path("/dev/null") for p in (committed / name, fresh / name)
    )
    # Relative where they can be, so the diff's header reads a/contracts/... b/.reports/...
    paths = [
        os.path.relpath(path) if path.is_relative_to(Path.cwd()) else str(path)
        for path in (before, after)
    ]
    sys.stdout.flush()
    # --no-index: compares two paths, whether or not git tracks them; exit 1 means "differ".
    subprocess.run(["git", "diff", "--no-index", "--", *paths], check=False)  # noqa: S603, S607


def check(fresh: Path, reports: Path, committed: Path, *, update_committed: bool = False) -> bool:
    """Print the matrix and any drift (its diff); True when all is verified and nothing drifted."""
    lines, complete = matrix(fresh, reports)
    print("\n".join(lines))
    changed = drift(fresh, committed)
    if changed and update_committed:
        update(fresh, committed, changed)
        print(f"\n{committed.name}/ updated: {', '.join(changed)} (review and commit them)")
        changed = []
    for name in changed:
        show_diff(fresh, committed, name)
    if changed:
        folder = f"{committed.name}/"
        print(
            f"\nThe consumers' pacts differ from those in {folder}: {', '.join(changed)}.\n"
            f"If the change is meant, run `nox -s contracts -- --update` and commit {folder}."
        )
    if not complete:
        print("\nNot every interaction was verified (see the provider tests' output above).")
    return complete and not changed
