"""`python -m testkit serve` and `python -m testkit contracts [--update]`.

serve: nox runs one pytest process per service; starting RabbitMQ in each would cost about 6 s
apiece. This command provides Postgres and RabbitMQ (environment URLs first, then containers),
prints them as TEST_POSTGRES_URL=... / TEST_RABBITMQ_URL=... lines followed by a READY line, and
keeps them until its standard input closes or it is terminated; then it removes what it started.
`serve postgres` provides Postgres alone (the contract tests need no broker), `serve rabbitmq`
RabbitMQ alone.

contracts: the contract pipeline, see `testkit.runner.contract_pipeline`.

can-i-deploy, record-deployment: the contracts across versions, see `testkit.deploy`. Outside
nox, with TEST_POSTGRES_URL set (or each run starts its own Postgres by testcontainers).
"""

import os
import signal
import sys
from contextlib import ExitStack
from pathlib import Path

USAGE = (
    "usage: python -m testkit serve [postgres] [rabbitmq] | python -m testkit contracts [--update]"
    " | python -m testkit can-i-deploy <service> <ref> --to <environment>"
    " | python -m testkit record-deployment <service> <ref> <environment> [--no-commit]"
)


def serve(names: list[str]) -> int:
    # Imported here: the contract pipeline needs neither Docker nor the servers' clients.
    from testkit.servers.infrastructure import (
        POSTGRES_URL,
        RABBITMQ_URL,
        MissingInfrastructure,
        provide_postgres,
        provide_rabbitmq,
    )

    servers = {
        "postgres": (POSTGRES_URL, provide_postgres),
        "rabbitmq": (RABBITMQ_URL, provide_rabbitmq),
    }
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with ExitStack() as stack:
        try:
            for name in names:
                variable, provide = servers[name]
                # Each as soon as it is ready: suites may start on Postgres while RabbitMQ starts.
                print(f"{variable}={stack.enter_context(provide()).url}", flush=True)
        except MissingInfrastructure as missing:
            print(missing, file=sys.stderr)
            return 3
        print("READY", flush=True)
        sys.stdin.read()
    return 0


def main(argv: list[str]) -> int:
    match argv:
        case ["serve", *names] if set(names) <= {"postgres", "rabbitmq"}:
            return serve(names or ["postgres", "rabbitmq"])
        case ["contracts", *options]:
            from testkit.runner.contract_pipeline import main as contracts

            return contracts(options)
        case ["can-i-deploy", *options]:
            from testkit.deploy.cli import can_i_deploy
            from testkit.workspace import workspace_root

            return can_i_deploy(options, workspace_root(Path.cwd()), os.environ, dict)
        case ["record-deployment", *options]:
            from testkit.deploy.cli import record_deployment
            from testkit.workspace import workspace_root

            return record_deployment(options, workspace_root(Path.cwd()))
    print(USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
