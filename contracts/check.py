"""After `nox -s contracts`: print who verified what, and fail on drift from the committed pacts.

    python contracts/check.py GENERATED_PACTS VERIFICATION_REPORTS [--update]

GENERATED_PACTS holds the pacts the consumer tests just wrote; VERIFICATION_REPORTS the
results each provider test saved (`<provider>.json`, the verifier's own JSON). The run fails
when an interaction was not verified, or when the pacts differ from those committed in
contracts/ (the diff is shown; `--update` copies the new ones in instead of failing).
Standard library only: it runs in nox's own environment.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

COMMITTED = Path(__file__).resolve().parent


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


def matrix(generated: Path, reports: Path) -> bool:
    """Print consumer x provider x interactions x verified; True when everything is verified."""
    rows, complete = [], True
    for path in sorted(generated.glob("*.json")):
        pact = json.loads(path.read_text())
        consumer, provider = pact["consumer"]["name"], pact["provider"]["name"]
        expected = interactions(pact)
        done = verified(reports, provider, consumer)
        count = "not run" if done is None else f"{len(done & set(expected))}/{len(expected)}"
        complete &= done is not None and set(expected) <= done
        rows.append((consumer, provider, kind(pact), str(len(expected)), count))
    header = ("consumer", "provider", "kind", "interactions", "verified")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        print("  ".join(cells).rstrip())
    return complete and bool(rows)


def drift(generated: Path) -> list[str]:
    """Pact files that differ between what the consumers wrote and what is committed."""
    names = {p.name for p in generated.glob("*.json")} | {p.name for p in COMMITTED.glob("*.json")}
    return sorted(
        name
        for name in names
        if not (generated / name).exists()
        or not (COMMITTED / name).exists()
        or (generated / name).read_bytes() != (COMMITTED / name).read_bytes()
    )


def update(generated: Path, names: list[str]) -> None:
    for name in names:
        if (generated / name).exists():
            shutil.copyfile(generated / name, COMMITTED / name)
        else:
            (COMMITTED / name).unlink()


def main(argv: list[str]) -> int:
    generated, reports = Path(argv[0]), Path(argv[1])
    complete = matrix(generated, reports)
    changed = drift(generated)
    if changed and "--update" in argv:
        update(generated, changed)
        print(f"\ncontracts/ updated: {', '.join(changed)} (review and commit them)")
        changed = []
    for name in changed:
        before, after = (
            p if p.exists() else Path("/dev/null") for p in (COMMITTED / name, generated / name)
        )
        sys.stdout.flush()
        # --no-index: compares two paths, whether or not git tracks them; exit 1 means "differ".
        subprocess.run(["git", "diff", "--no-index", "--", str(before), str(after)], check=False)  # noqa: S603, S607
    if changed:
        print(
            f"\nThe consumers' pacts differ from those in contracts/: {', '.join(changed)}.\n"
            "If the change is meant, run `nox -s contracts -- --update` and commit contracts/."
        )
    if not complete:
        print("\nNot every interaction was verified (see the provider tests' output above).")
    return 0 if complete and not changed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
