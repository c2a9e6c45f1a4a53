"""What is mutated: each member's domain, use-case and handler modules; the chassis' messaging.

The modules where a team's own decisions live. Schemas, models, routes and settings are left
out: they are declarations that the contract and migration checks already pin.
"""

from dataclasses import dataclass

# The pyramid's order: a mutant goes up it until a layer kills it.
LAYERS = ("unit", "integration", "contract")

DOMAIN, USE_CASE, HANDLER, MESSAGING = "domain", "use case", "handler", "messaging"


@dataclass(frozen=True)
class Target:
    """One workspace member and the modules of it to mutate, each with its kind."""

    member: str
    folder: str  # the member's folder, from the repository's root
    package: str
    modules: dict[str, str]  # path under src/<package>/ (a glob for a folder) -> kind

    def kind_of(self, path: str) -> str:
        """The kind of the module at `path` (under src/<package>/)."""
        for pattern, kind in self.modules.items():
            if path == pattern or (pattern.endswith("*") and path.startswith(pattern[:-1])):
                return kind
        raise KeyError(path)


TARGETS = (
    Target("users", "services/users", "users", {"service.py": USE_CASE}),
    Target(
        "catalog",
        "services/catalog",
        "catalog",
        {
            "service.py": USE_CASE,
            "reservations.py": USE_CASE,
            "holds.py": USE_CASE,
            "handlers.py": HANDLER,
        },
    ),
    Target(
        "orders",
        "services/orders",
        "orders",
        {"domain.py": DOMAIN, "service.py": USE_CASE, "handlers.py": HANDLER},
    ),
    Target(
        "payments",
        "services/payments",
        "payments",
        {"domain.py": DOMAIN, "service.py": USE_CASE, "handlers.py": HANDLER},
    ),
    Target(
        "notifications",
        "services/notifications",
        "notifications",
        {"emails.py": DOMAIN, "service.py": USE_CASE, "handlers.py": HANDLER},
    ),
    Target("chassis", "libs/chassis", "chassis", {"messaging/*": MESSAGING}),
)
