"""`python -m testkit serve`: start the infrastructure once for several test runs.

nox runs one pytest process per service; starting RabbitMQ in each would cost about 6 s apiece.
This command provides Postgres and RabbitMQ (environment URLs first, then containers), prints
them as TEST_POSTGRES_URL=... / TEST_RABBITMQ_URL=... lines followed by a READY line, and keeps
them until its standard input closes or it is terminated; then it removes what it started.
"""

import signal
import sys
from contextlib import ExitStack

from testkit.infrastructure import (
    POSTGRES_URL,
    RABBITMQ_URL,
    MissingInfrastructure,
    provide_postgres,
    provide_rabbitmq,
)


def serve() -> int:
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
    if argv != ["serve"]:
        print("usage: python -m testkit serve", file=sys.stderr)
        return 2
    return serve()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
