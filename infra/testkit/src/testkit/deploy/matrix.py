"""The matrix a broker would print: one cell per (consumer version, provider version, pact).

A cell passes when the provider's verification, run at its commit, reported every interaction
of the consumer's pact as verified. Its verdict depends on nothing but the provider's commit and
the pact's bytes (the run is given the pact file alone), so it is kept under those two
(`Verdicts`) and never computed twice: a consumer commit whose pacts are the bytes an earlier
one wrote (a change that did not touch them) meets the providers' verdicts already made, as a
broker reuses a verification for an unchanged pact.
"""

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from testkit.deploy.states import failed_states, with_failed_state
from testkit.pact.contracts import broken_interactions
from testkit.runner.contract_check import interactions, kind, table, verified


@dataclass(frozen=True, order=True)
class Version:
    """A member at a commit."""

    member: str
    commit: str

    @property
    def short(self) -> str:
        return self.commit[:12]

    def __str__(self) -> str:
        return f"{self.member} {self.short}"


@dataclass(frozen=True)
class Pact:
    """One pact file a consumer's tests wrote: who, what, and the hash of its bytes."""

    path: Path
    consumer: str
    provider: str  # the pacticipant, e.g. "users" or "orders-events"
    kind: str  # "HTTP" or "messages"
    interactions: tuple[str, ...]
    digest: str

    @classmethod
    def read(cls, path: Path) -> "Pact":
        data = path.read_bytes()
        pact = json.loads(data)
        return cls(
            path,
            pact["consumer"]["name"],
            pact["provider"]["name"],
            kind(pact),
            tuple(interactions(pact)),
            hashlib.sha256(data).hexdigest(),
        )


@dataclass(frozen=True)
class Verdict:
    ok: bool
    why: str


@dataclass(frozen=True)
class Cell:
    """A consumer version's pact against the provider version it would meet."""

    consumer: Version
    provider: Version
    pact: Pact


@dataclass(frozen=True)
class Row:
    """A line of the matrix; `pact` and the versions may be "-" where there is none."""

    consumer: str
    consumer_version: str
    provider: str
    provider_version: str
    pact: str
    ok: bool
    why: str

    @classmethod
    def of(cls, cell: Cell, verdict: Verdict) -> "Row":
        pact = cell.pact
        described = f"{pact.path.name} ({pact.kind}, {len(pact.interactions)})"
        return cls(
            cell.consumer.member,
            cell.consumer.short,
            pact.provider,
            cell.provider.short,
            described,
            verdict.ok,
            verdict.why,
        )


def verdict(pact: Pact, reports: Path | None, failure: str, states: Path | None = None) -> Verdict:
    """What a provider run's reports say of `pact`.

    Args:
        pact: The consumer's pact, one of those the run verified.
        reports: The run's $PACT_REPORT_DIR, or None if the run could not start.
        failure: What went wrong in the run, for a pact it never reported on.
        states: The run's $CAN_I_DEPLOY_STATES, the state changes that failed (`in_runs`).
    """
    done = verified(reports, pact.provider, pact.consumer) if reports else None
    if done is None:
        return Verdict(False, f"not verified: {failure}")
    expected = len(pact.interactions)
    if set(pact.interactions) <= done:
        return Verdict(True, f"{expected}/{expected} interactions verified")
    results = json.loads((reports / f"{pact.provider}.json").read_text())
    # "Verifying a pact between notifications and users Given a user exists - a request ...",
    # "... between payments and orders-events - an order.placed event": the pair is in the row.
    between = f"Verifying a pact between {pact.consumer} and {pact.provider} "
    failed = failed_states(states, pact.provider)
    errors = [
        with_failed_state(
            {**error, "interaction": error["interaction"].removeprefix(between).removeprefix("- ")},
            failed,
        )
        for error in results.get("errors", [])
        if error["interaction"].startswith(between)
    ]
    return Verdict(False, "; ".join(broken_interactions({"errors": errors}).splitlines()))


class Verdicts:
    """Verdicts kept by (provider commit, pact hash), one JSON file each."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder

    def _file(self, cell: Cell) -> Path:
        key = f"{cell.provider.commit}-{cell.pact.digest}"
        return self._folder / f"{key}.json"

    def get(self, cell: Cell) -> Verdict | None:
        path = self._file(cell)
        return Verdict(**json.loads(path.read_text())) if path.is_file() else None

    def put(self, cell: Cell, found: Verdict) -> None:
        path = self._file(cell)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(asdict(found)))


HEADER = ("CONSUMER", "C.VERSION", "PROVIDER", "P.VERSION", "PACT", "SUCCESS?", "WHY")


def lines(rows: list[Row]) -> list[str]:
    """The matrix as a broker prints it, one row per cell."""
    cells = [
        (
            r.consumer,
            r.consumer_version,
            r.provider,
            r.provider_version,
            r.pact,
            str(r.ok).lower(),
            r.why,
        )
        for r in rows
    ]
    return table(HEADER, cells)
