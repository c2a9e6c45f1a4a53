"""Benchmark of the tests' infrastructure: container start-up and per-test database isolation.

Run it from an environment that has the test kit installed, with the repository's .env exported
(image names, TESTCONTAINERS_RYUK_DISABLED), from the repository root:

    set -a && . ./.env && set +a
    uv run --locked --no-default-groups --package testkit \\
        python infra/benchmark/infrastructure.py [--runs N]

It writes every sample to docs/infrastructure.json and renders docs/benchmarks.md's
`infrastructure` block from it (report.render: a table of medians, minima and maxima, and the
machine it ran on; `nox -s lint` checks the block against the file); standard output is the
block's Markdown, progress goes to standard error. It uses the kit's own
classes, so it measures what the test suites get, not a lookalike. The jobs are modules of
their own, next to this one: startup (containers), isolation (per test, on workload's schema),
report (the table), machine (shared with suites.py), publish (the results into docs/).
"""

import argparse
import dataclasses
import os
import shlex
import sys

from isolation import measure_isolation
from machine import machine
from publish import publish
from report import progress, render, repeat
from startup import engine_details, image_ids, postgres_ready_seconds, rabbitmq_ready_seconds

from testkit.servers.images import image


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="Postgres starts (default 5)")
    parser.add_argument(
        "--rabbitmq-runs", type=int, default=3, help="RabbitMQ starts, ~6 s each (default 3)"
    )
    parser.add_argument(
        "--iterations", type=int, default=500, help="tests per isolation strategy (default 500)"
    )
    args = parser.parse_args(argv)
    if min(args.runs, args.rabbitmq_runs, args.iterations) < 1:
        parser.error("--runs, --rabbitmq-runs and --iterations must be at least 1")
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    load_at_start = os.getloadavg()[0]
    if load_at_start > 1:
        progress(f"warning: load average {load_at_start:.2f}: other work will slow every figure")
    # The same variables, read the same way, as the kit: what the tests run is what is measured.
    postgres_image, rabbitmq_image = image("POSTGRES_IMAGE"), image("RABBITMQ_IMAGE")
    ids = image_ids((postgres_image, rabbitmq_image))
    measurements = [
        repeat(
            f"Postgres container ready (`FastPostgresContainer.start()` to first query), "
            f"`{postgres_image}`",
            args.runs,
            lambda: postgres_ready_seconds(postgres_image),
        ),
        repeat(
            f"RabbitMQ container ready (`FastRabbitMqContainer.start()` to open channel), "
            f"`{rabbitmq_image}`",
            args.rabbitmq_runs,
            lambda: rabbitmq_ready_seconds(rabbitmq_image),
        ),
    ]
    isolation, postgres_version = measure_isolation(postgres_image, args.iterations)
    measurements += isolation
    if image_ids(ids) != ids:
        progress("error: an image was rebuilt under its tag during the run; run again")
        return 1
    data = {
        "command": shlex.join(["python", "infra/benchmark/infrastructure.py", *argv]),
        "measurements": [dataclasses.asdict(m) for m in measurements],
        "machine": machine(load_at_start, engine_details(ids, postgres_version)),
    }
    publish("infrastructure", data)
    print(render(data))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
