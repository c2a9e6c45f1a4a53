"""The matrix's record (docs/mutation-matrix.json) and what follows from it, with no I/O.

A mutant meets the layers in the pyramid's order and stops at the first that kills it (or times
out on it); a layer whose tests never reach it says "no tests" and passes it on.
"""

import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from evidence.mutation.mutmut import KILLED, NO_TESTS, SURVIVED, TIMED_OUT
from evidence.mutation.targets import DOMAIN, HANDLER, LAYERS

# A mutant's fate: the layer that killed it, or one of these.
TIMEOUT, ALIVE, UNCOVERED, BROKEN = "timed out", "survived", "not covered", "broken"
FATES = (*LAYERS, ALIVE, UNCOVERED, TIMEOUT, BROKEN)
EQUIVALENT, MISSING_TEST = "equivalent", "missing test"


@dataclass(frozen=True)
class Mutant:
    name: str
    member: str
    module: str  # its path under src/, e.g. "orders/domain.py"
    kind: str
    stages: Mapping[str, str] = field(default_factory=dict)  # layer -> mutmut's status

    @property
    def fate(self) -> str:
        for layer in LAYERS:
            status = self.stages.get(layer)
            if status is None or status in (SURVIVED, NO_TESTS):
                continue
            if status == KILLED:
                return layer
            return TIMEOUT if status == TIMED_OUT else BROKEN
        return ALIVE if SURVIVED in self.stages.values() else UNCOVERED

    @property
    def alive(self) -> bool:
        return self.fate in (ALIVE, UNCOVERED)


def sample(names: Sequence[str], size: int | None, seed: int) -> list[str]:
    """`size` of `names` drawn with `seed` (all of them when size is None), in name order."""
    if size is None or size >= len(names):
        return sorted(names)
    # Reproducible, not secret: the seed is printed in the report.
    return sorted(random.Random(seed).sample(sorted(names), size))  # noqa: S311


def tally(mutants: Iterable[Mutant]) -> Counter[str]:
    """How many mutants met each fate; "mutants" the total."""
    counts = Counter(mutant.fate for mutant in mutants)
    counts["mutants"] = sum(counts.values())
    return counts


def by_module(mutants: Iterable[Mutant]) -> dict[tuple[str, str, str], Counter[str]]:
    """(member, module, kind) -> tally, in the order the mutants come."""
    groups: dict[tuple[str, str, str], list[Mutant]] = {}
    for mutant in mutants:
        groups.setdefault((mutant.member, mutant.module, mutant.kind), []).append(mutant)
    return {key: tally(group) for key, group in groups.items()}


def in_goal(mutant: Mutant) -> bool:
    """The goal's population: the services' (not the chassis') domain and handler modules."""
    return mutant.member != "chassis" and mutant.kind in (DOMAIN, HANDLER)


@dataclass(frozen=True)
class Score:
    mutants: int
    killed: int  # by some layer, or timed out (a mutant that hangs a test did not pass it)
    equivalent: int  # survivors judged equivalent: they leave the denominator

    @property
    def share(self) -> float | None:
        judged = self.mutants - self.equivalent
        return self.killed / judged if judged else None


def score(mutants: Iterable[Mutant], judgements: Mapping[str, Mapping[str, str]]) -> Score:
    """Killed among the non-equivalent; a survivor not judged counts as a miss (a lower bound)."""
    chosen = list(mutants)
    killed = sum(1 for m in chosen if m.fate in (*LAYERS, TIMEOUT))
    equivalent = sum(
        1 for m in chosen if m.alive and judgements.get(m.name, {}).get("verdict") == EQUIVALENT
    )
    return Score(len(chosen), killed, equivalent)


def mutants_of(record: Mapping) -> list[Mutant]:
    return [Mutant(**entry) for entry in record["mutants"]]


def as_record(mutant: Mutant) -> dict:
    return {
        "name": mutant.name,
        "member": mutant.member,
        "module": mutant.module,
        "kind": mutant.kind,
        "stages": dict(mutant.stages),
    }
