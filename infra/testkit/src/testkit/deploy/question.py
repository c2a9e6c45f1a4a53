"""can-i-deploy: may a service at a commit join an environment as it runs now?

As a consumer, its pacts (what its consumer tests write at that commit) must be verified by
each provider at the commit that provider is deployed at; as a provider, it must verify the
pacts of each consumer deployed there, as that consumer's tests write them at its deployed
commit. Both kinds of pact, HTTP and messages. The consumers' tests run first, side by side
(their pacts are kept by commit), only those of deployed consumers whose tests name a pact with
the service; then one provider run per provider version, side by side, on exactly the pacts of
its cells; a cell already judged is read back, not run again.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from testkit.deploy import environments
from testkit.deploy.consumers import may_write_pacts_for
from testkit.deploy.history import Refused, refuse_if_older_than_floor, resolve, worktree
from testkit.deploy.matrix import Cell, Pact, Row, Verdict, Verdicts, Version, verdict
from testkit.deploy.runs import (
    Store,
    consumer_job,
    environ_for_runs,
    failure,
    keep_pacts,
    kept_pacts,
    member_at,
    owner,
    provider_job,
)
from testkit.runner.side_by_side import Job, Outcome, side_by_side

Servers = Callable[[], Mapping[str, str]]  # TEST_POSTGRES_URL, asked for only when a run is due


@dataclass(frozen=True)
class Answer:
    service: Version
    environment: str
    rows: list[Row]

    @property
    def yes(self) -> bool:
        return bool(self.rows) and all(row.ok for row in self.rows)


class Question:
    """One can-i-deploy question, with the versions it involves checked out."""

    def __init__(self, root: Path, store: Store, environ: Mapping[str, str], servers: Servers):
        self.root = root
        self.store = store
        self.environ = environ
        self.servers = servers
        self.verdicts = Verdicts(store.verdicts)
        self._servers: Mapping[str, str] | None = None

    def ask(self, service: str, ref: str, environment: str) -> Answer:
        commit = resolve(self.root, ref)
        refuse_if_older_than_floor(self.root, commit, f"{service} at {ref}")
        deployed = environments.deployed(self.root, environment)
        for member, at in sorted(deployed.items()):
            refuse_if_older_than_floor(self.root, at, f"{member}, deployed to {environment},")
        mine = Version(service, commit)
        theirs = [Version(m, at) for m, at in sorted(deployed.items()) if m != service]
        if member_at(self.tree(commit), service) is None:
            raise Refused(f"{service} is no member of the workspace at {mine.short}")
        # Its own pacts, and those of the deployed consumers that may have one for it.
        consumers = [v for v in theirs if may_write_pacts_for(self.tree(v.commit), v, service)]
        pacts, rows = self.pacts([mine, *consumers])
        at = {version.member: version for version in theirs}
        cells = []
        for pact in pacts.get(mine, []):  # its pacts, as a consumer
            provider = owner(pact.provider, {service, *at})
            if provider == service:
                continue
            if provider is None:
                why = f"no version of {pact.provider} is deployed to {environment}"
                rows.append(
                    Row(service, mine.short, pact.provider, "-", pact.path.name, False, why)
                )
                continue
            cells.append(Cell(mine, at[provider], pact))
        for version in theirs:  # the pacts of those it provides for
            for pact in pacts.get(version, []):
                if owner(pact.provider, {service, *at}) == service:
                    cells.append(Cell(version, mine, pact))
        judged = self.judge(cells)
        rows += [Row.of(cell, judged[cell]) for cell in cells]
        return Answer(mine, environment, rows)

    def tree(self, commit: str) -> Path:
        return worktree(self.root, self.store.trees, commit)

    def run_environ(self) -> dict[str, str]:
        if self._servers is None:
            self._servers = self.servers()
        return environ_for_runs({**self.environ, **self._servers})

    def side_by_side(self, jobs: list[Job]) -> list[Outcome]:
        """The runs at once; nothing printed (a run's output is kept with it: `failure`)."""
        return side_by_side(jobs, self.run_environ(), say=lambda _: None)

    def pacts(self, versions: list[Version]) -> tuple[dict[Version, list[Pact]], list[Row]]:
        """Each version's pacts (its consumer tests run if none are kept); a row per failure."""
        found = {v: kept for v in versions if (kept := kept_pacts(self.store, v)) is not None}
        due = {}
        for version in versions:
            if version not in found:
                made = consumer_job(self.store, self.tree(version.commit), version)
                if made is None:
                    found[version] = keep_pacts(self.store, version, None)
                else:
                    due[version] = made
        rows = []
        if due:
            jobs = [job for job, _ in due.values()]
            for (version, (_, written)), outcome in zip(
                due.items(), self.side_by_side(jobs), strict=True
            ):
                if outcome.passed:
                    found[version] = keep_pacts(self.store, version, written)
                else:
                    why = f"its consumer tests failed: {failure(outcome, written.parent)}"
                    rows.append(Row(version.member, version.short, "-", "-", "-", False, why))
        return found, rows

    def judge(self, cells: list[Cell]) -> dict[Cell, Verdict]:
        """Each cell's verdict: kept, or from one run per provider version of its cells' pacts."""
        judged = {cell: kept for cell in cells if (kept := self.verdicts.get(cell)) is not None}
        by_provider: dict[Version, list[Cell]] = {}
        for cell in cells:
            if cell not in judged:
                by_provider.setdefault(cell.provider, []).append(cell)
        runs = []
        for provider, its_cells in by_provider.items():
            pacts = [cell.pact for cell in its_cells]
            made = provider_job(self.store, self.tree(provider.commit), provider, pacts)
            if made is None:
                why = f"{provider} has no provider verification (tests/contract/test_provider.py)"
                judged.update({cell: Verdict(False, why) for cell in its_cells})
            else:
                runs.append((its_cells, *made))
        if runs:
            jobs = [job for _, job, _ in runs]
            for (its_cells, _, run), outcome in zip(runs, self.side_by_side(jobs), strict=True):
                failed = failure(outcome, run.reports.parent)
                for cell in its_cells:
                    judged[cell] = verdict(cell.pact, run.reports, failed, run.states)
                    if (run.reports / f"{cell.pact.provider}.json").is_file():
                        self.verdicts.put(cell, judged[cell])  # a verdict, not a broken run
        return judged
