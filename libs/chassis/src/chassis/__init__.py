"""The service chassis: the infrastructure plumbing every service needs, written once.

No domain type lives here (no service's model, schema or event): what services agree on is
pinned by the contracts in contracts/, not shared as code. The public surface, by module:

- `chassis.app`: `create_service_app`, the FastAPI app every service starts from (errors,
  health, workers, its dependencies), and the `Worker` protocol.
- `chassis.health`: `/health/live` and `/health/ready`; the `ReadinessProbe` protocol.
- `chassis.deps`: typed FastAPI dependencies (`SessionDep`, `provided(SomeClient)`).
- `chassis.errors`: problem+json (RFC 9457) and the `Problem` exceptions routes raise.
- `chassis.auth`: bearer tokens with scopes (`require_scope`).
- `chassis.gate`: what a request passes before a route reads its body: its token, its size.
- `chassis.routes`: the routes' declared scopes and methods, for the gate and a 405's `Allow`.
- `chassis.openapi`: the document declares every error as a problem (application/problem+json).
- `chassis.pagination`: `Limit` and `Offset`, the bounds of every list route's page.
- `chassis.db`: the engine and session factory, with connect and statement timeouts.
- `chassis.migrations`: running a service's Alembic migrations.
- `chassis.downstream`: calling another service; every way it can fail is one 503.
- `chassis.messaging`: the event envelope, topology, publisher with confirms, transactional
  outbox and relay, the inbox (dedupe) and the consumer loop with its verdicts.
"""
