"""What the rules of `nox -s affected` take and give: the workspace, and the sessions with why."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

Need = tuple[str, str]  # (session, why), what one rule answers for one path
# The pyramid's sessions, bottom up: "everything" is all of these, and a plan runs in this order.
LAYERS = ("lint", "unit", "integration", "contracts", "e2e")


@dataclass(frozen=True)
class Pact:
    """A committed pact, contracts/<consumer>-<provider>.json."""

    file: str
    consumer: str
    provider: str  # a member, or `<member>-events` for the messages that member publishes

    @property
    def provider_member(self) -> str:
        return self.provider.removesuffix("-events")

    @property
    def messages(self) -> bool:
        return self.provider.endswith("-events")


@dataclass(frozen=True)
class Workspace:
    """What the rules know of the repository."""

    members: Mapping[str, str]  # name -> folder from the root, e.g. "orders" -> "services/orders"
    sessions: Sequence[str]  # what `nox -l` lists, in its order: "lint", "unit(orders)", ...
    pacts: Sequence[Pact] = ()
    fault_targets: frozenset[str] = frozenset()  # the files infra/faults/*.patch change

    def order(self, session: str) -> tuple[int, int]:
        """The pyramid's order of layers, then nox's order within a layer (a sort key)."""
        layer = layer_of(session)
        rank = LAYERS.index(layer) if layer in LAYERS else len(LAYERS)
        return rank, list(self.sessions).index(session)

    def member_of(self, path: str) -> str | None:
        """The member whose folder holds `path` (the deepest one, should folders nest)."""
        holding = [m for m, folder in self.members.items() if path.startswith(f"{folder}/")]
        return max(holding, key=lambda m: len(self.members[m]), default=None)


@dataclass(frozen=True)
class Affected:
    """A session the change can break, and why."""

    session: str
    reasons: tuple[str, ...]
    posargs: tuple[str, ...] = ()  # a check's arguments, e.g. `faults -- --check`

    @property
    def label(self) -> str:
        return " -- ".join(
            [self.session, " ".join(self.posargs)] if self.posargs else [self.session]
        )


def layer_of(session: str) -> str:
    """`unit(orders)` -> `unit`."""
    return session.partition("(")[0]
