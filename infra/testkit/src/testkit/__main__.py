"""`python -m testkit serve` and `python -m testkit contracts [--update]`.

serve: nox runs one pytest process per service; starting RabbitMQ in each would cost about 6 s
apiece. This command provides Postgres and RabbitMQ (environment URLs first, then containers),
prints them as TEST_POSTGRES_URL=... / TEST_RABBITMQ_URL=... lines followed by a READY line, and
keeps them until its standard input closes or it is terminated; then it removes what it started.

contracts: the contract pipeline, see `testkit.contract_pipeline`.
"""

import signal
import sys
from contextlib import ExitStack

USAGE = "usage: python -m testkit serve | python -m testkit contracts [--update]"


def serve() -> int:
    # Imported here: the contract pipeline needs neither Docker nor the servers' clients.
    from testkit.infrastructure import (
        POSTGRES_URL,
        RABBITMQ_URL,
        MissingInfrastructure,
        provide_postgres,
        provide_rabbitmq,
    )

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with ExitStack() as stack:
        try:
            postgres = stack.enter_context(provide_postgres())
            rabbitmq = stack.enter_context(provide_rabbitmq())
        except MissingInfrastructure as missing:
            print(missing, file=sys.stderr)
            return 3
        print(
            f"{POSTGRES_URL}={postgres.url}",
            f"{RABBITMQ_URL}={rabbitmq.url}",
            "READY",
            sep="\n",
            flush=True,
        )
        sys.stdin.read()
    return 0


def main(argv: list[str]) -> int:
    match argv:
        case ["serve"]:
            return serve()
        case ["contracts", *options]:
            from testkit.contract_pipeline import main as contracts

            return contracts(options)
    print(USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
