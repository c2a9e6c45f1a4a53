"""Benchmark of the tests' infrastructure: container start-up and per-test database isolation.

Run it from an environment that has the test kit installed, with the repository's .env exported
(image names, TESTCONTAINERS_RYUK_DISABLED), from the repository root:

    set -a && . ./.env && set +a
    uv run --locked --no-default-groups --package testkit \\
        python infra/benchmark/infrastructure.py [--runs N]

It prints Markdown for docs/benchmarks.md on standard output (progress goes to standard error):
one table of medians, minima and maxima, and the machine it ran on. It uses the kit's own
classes, so it measures what the test suites get, not a lookalike.
"""

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import docker
import psycopg
from sqlalchemy import Engine, create_engine, func, select, table, text
from sqlalchemy.orm import Session

from testkit.containers import FastPostgresContainer, FastRabbitMqContainer, stop
from testkit.data import random_email, random_sku
from testkit.images import image
from testkit.isolation import rollback_session_factory

# A small order-taking schema: the unit of work writes one row or two to each of its five tables,
# with foreign keys between them, like a typical repository test.
SCHEMA = (
    "CREATE TABLE customers (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE)",
    "CREATE TABLE products (id bigserial PRIMARY KEY, sku text NOT NULL UNIQUE, price_cents int)",
    "CREATE TABLE orders (id bigserial PRIMARY KEY,"
    " customer_id bigint NOT NULL REFERENCES customers, placed_at timestamptz DEFAULT now())",
    "CREATE TABLE order_lines (id bigserial PRIMARY KEY, order_id bigint NOT NULL REFERENCES"
    " orders, product_id bigint NOT NULL REFERENCES products, quantity int NOT NULL)",
    "CREATE TABLE payments (id bigserial PRIMARY KEY,"
    " order_id bigint NOT NULL REFERENCES orders, amount_cents int NOT NULL)",
)
# Children first, so that no foreign key stops a DELETE.
DELETE_ALL = (
    "DELETE FROM payments",
    "DELETE FROM order_lines",
    "DELETE FROM orders",
    "DELETE FROM products",
    "DELETE FROM customers",
)
TRUNCATE_ALL = "TRUNCATE payments, order_lines, orders, products, customers"
TABLES = ("customers", "products", "orders", "order_lines", "payments")
# Isolation tests run in chunks of CHUNK per strategy, each after WARM_UP untimed ones.
CHUNK = 50
WARM_UP = 5


@dataclass(frozen=True)
class Measurement:
    """Samples of one quantity, in seconds, with the unit to show them in."""

    what: str
    samples: list[float]
    unit: str  # "s" or "ms"
    label: str = ""  # a short name for the text under the table

    def show(self, seconds: float) -> str:
        if self.unit == "ms":
            return f"{seconds * 1000:.2f} ms"
        return f"{seconds:.2f} s"

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    def row(self) -> str:
        """One Markdown table row: what, runs, median, min, max."""
        cells = (
            self.what,
            str(len(self.samples)),
            f"**{self.show(self.median)}**",
            self.show(min(self.samples)),
            self.show(max(self.samples)),
        )
        return "| " + " | ".join(cells) + " |"


def progress(message: str) -> None:
    """Progress on standard error, so that standard output stays pastable Markdown."""
    print(message, file=sys.stderr, flush=True)


# --- Container start-up ------------------------------------------------------------------------


def postgres_ready_seconds(postgres_image: str) -> float:
    """Seconds from `FastPostgresContainer(image).start()` to a first query answered on the host."""
    started = time.perf_counter()
    container = FastPostgresContainer(postgres_image)
    try:
        container.start()
        with psycopg.connect(container.get_connection_url()) as connection:
            connection.execute("SELECT 1").fetchone()
        return time.perf_counter() - started
    finally:
        # Removal is not part of "ready": a test run pays it once, after its last test.
        stop(container)


def rabbitmq_ready_seconds(rabbitmq_image: str) -> float:
    """Seconds from `FastRabbitMqContainer(image).start()` to an open channel on the host."""
    started = time.perf_counter()
    container = FastRabbitMqContainer(rabbitmq_image)
    try:
        container.start()
        connection = container.broker().connect()
        connection.channel().close()
        connection.close()
        return time.perf_counter() - started
    finally:
        stop(container)


def repeat(what: str, runs: int, measure: Callable[[], float]) -> Measurement:
    """Run `measure` (seconds) `runs` times, one after the other, reporting each run."""
    samples = []
    for run in range(1, runs + 1):
        samples.append(measure())
        progress(f"{what}: run {run}/{runs}: {samples[-1]:.3f} s")
    return Measurement(what, samples, "s")


# --- Per-test isolation ------------------------------------------------------------------------


def unit_of_work(session: Session) -> None:
    """What a small test does: a few inserts into the five tables, a read back, a commit."""
    customer = session.execute(
        text("INSERT INTO customers (email) VALUES (:e) RETURNING id"), {"e": random_email()}
    ).scalar_one()
    product = session.execute(
        text("INSERT INTO products (sku, price_cents) VALUES (:s, 250) RETURNING id"),
        {"s": random_sku()},
    ).scalar_one()
    order = session.execute(
        text("INSERT INTO orders (customer_id) VALUES (:c) RETURNING id"), {"c": customer}
    ).scalar_one()
    session.execute(
        text("INSERT INTO order_lines (order_id, product_id, quantity) VALUES (:o, :p, :q)"),
        [{"o": order, "p": product, "q": 1}, {"o": order, "p": product, "q": 2}],
    )
    session.execute(
        text("INSERT INTO payments (order_id, amount_cents) VALUES (:o, 750)"), {"o": order}
    )
    total = session.execute(
        text(
            "SELECT sum(l.quantity * p.price_cents) FROM order_lines l"
            " JOIN products p ON p.id = l.product_id WHERE l.order_id = :o"
        ),
        {"o": order},
    ).scalar_one()
    assert total == 750
    # The code under test commits; under the kit's isolation this only releases a savepoint.
    session.commit()


@contextmanager
def savepoint_isolation(engine: Engine) -> Iterator[Session]:
    """The kit's way: outer transaction, the test's commits become savepoints, rolled back."""
    with rollback_session_factory(engine) as factory, factory() as session:
        yield session


@contextmanager
def delete_isolation(engine: Engine) -> Iterator[Session]:
    """Commit for real, then DELETE every row of the five tables."""
    with Session(engine) as session:
        yield session
    with engine.begin() as connection:
        for statement in DELETE_ALL:
            connection.execute(text(statement))


@contextmanager
def truncate_isolation(engine: Engine) -> Iterator[Session]:
    """Commit for real, then TRUNCATE the five tables in one statement."""
    with Session(engine) as session:
        yield session
    with engine.begin() as connection:
        connection.execute(text(TRUNCATE_ALL))


@contextmanager
def no_isolation(engine: Engine) -> Iterator[Session]:
    """The work alone, committed, nothing undone: the baseline the others are compared to."""
    with Session(engine) as session:
        yield session


Isolation = Callable[[Engine], AbstractContextManager[Session]]

# Short name -> (what the table says, how). The baseline comes first: report() subtracts it.
STRATEGIES: dict[str, tuple[str, Isolation]] = {
    "baseline": ("Per test: the unit of work alone, no cleanup (baseline)", no_isolation),
    "savepoint": (
        "Per test: savepoint + rollback (kit's `rollback_session_factory`)",
        savepoint_isolation,
    ),
    "DELETE": ("Per test: commit + DELETE from the 5 tables", delete_isolation),
    "TRUNCATE": ("Per test: commit + TRUNCATE the 5 tables", truncate_isolation),
}


def one_test_seconds(engine: Engine, isolation: Isolation) -> float:
    """Seconds for one test under `isolation`: set-up, the unit of work, and cleanup."""
    started = time.perf_counter()
    with isolation(engine) as session:
        unit_of_work(session)
    elapsed = time.perf_counter() - started
    if isolation is no_isolation:
        # Every test starts from empty tables; the baseline's cleanup is not part of its time.
        # DELETE, not TRUNCATE: a TRUNCATE would make the next test re-plan (see below).
        with engine.begin() as connection:
            for statement in DELETE_ALL:
                connection.execute(text(statement))
    return elapsed


def row_count(engine: Engine) -> int:
    """Rows left in the five tables: each strategy must leave none, or the comparison is void."""
    with engine.connect() as connection:
        return sum(
            connection.execute(select(func.count()).select_from(table(name))).scalar_one()
            for name in TABLES
        )


def isolation_measurements(engine: Engine, iterations: int) -> list[Measurement]:
    """Time every strategy `iterations` times, in alternating chunks.

    Chunks, not single tests in turn: a TRUNCATE gives the tables new files, so the next
    statements on them re-read the catalog and re-plan. That is part of TRUNCATE's cost to the
    test after it, and must not be billed to whichever strategy happens to run next. Alternating
    chunks still spread drift (other load on the machine) over all strategies alike.
    """
    with engine.begin() as connection:
        for statement in SCHEMA:
            connection.execute(text(statement))
    samples: dict[str, list[float]] = {name: [] for name in STRATEGIES}
    while len(samples["baseline"]) < iterations:
        size = min(CHUNK, iterations - len(samples["baseline"]))
        for name, (_, isolation) in STRATEGIES.items():
            for _ in range(WARM_UP):  # back to this strategy's steady state, untimed
                one_test_seconds(engine, isolation)
            samples[name] += (one_test_seconds(engine, isolation) for _ in range(size))
            if row_count(engine) != 0:
                raise RuntimeError(f"{name} left rows behind: the comparison would be void")
    return [
        Measurement(what, samples[name], "ms", label=name) for name, (what, _) in STRATEGIES.items()
    ]


def measure_isolation(postgres_image: str, iterations: int) -> tuple[list[Measurement], str]:
    """Isolation timings in a temporary database of one Postgres container; and its version."""
    container = FastPostgresContainer(postgres_image)
    try:
        container.start()
        server = container.server()
        with server.connect() as admin:
            version = admin.execute("SHOW server_version").fetchone()[0]
        with server.temporary_database("benchmark") as url:
            # One pooled connection: every strategy runs on the same connection, as tests do.
            engine = create_engine(url, pool_size=1, max_overflow=0)
            try:
                progress(f"isolation: {iterations} tests per strategy")
                return isolation_measurements(engine, iterations), version
            finally:
                engine.dispose()
    finally:
        stop(container)


# --- Report ------------------------------------------------------------------------------------


def cpu_model() -> str:
    """The CPU's model name as /proc/cpuinfo gives it (virtual machines may shorten it)."""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def memory_gib() -> float:
    """Total memory in GiB, from /proc/meminfo."""
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024 / 1024
    return float("nan")


def image_ids(names: Iterable[str]) -> dict[str, str]:
    """Each image's short ID: on a shared engine, someone may build another image under a tag."""
    client = docker.from_env()
    return {name: client.images.get(name).short_id.removeprefix("sha256:") for name in names}


def machine(postgres_version: str, images: dict[str, str], load_at_start: float) -> list[str]:
    """Markdown lines describing where the numbers come from: they only compare on one machine.

    The load average is there because other work on a 2-core machine shows up in every figure;
    the image IDs say which build of each image was measured.
    """
    engine = docker.from_env().version()
    return [
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- CPU: {os.cpu_count()} cores, {cpu_model()}",
        f"- Memory: {memory_gib():.1f} GiB",
        f"- OS: {platform.system()} {platform.release()}, Python {platform.python_version()}",
        f"- Docker server: {engine.get('Version')} (API {engine.get('ApiVersion')})",
        f"- Images: {', '.join(f'`{name}` ({id_})' for name, id_ in images.items())};"
        f" PostgreSQL {postgres_version}",
        f"- Load average (1 min): {load_at_start:.2f} at start, {os.getloadavg()[0]:.2f} at end",
    ]


def report(measurements: list[Measurement], machine_lines: list[str]) -> str:
    """The Markdown: the table, the isolation overheads over the baseline, the machine."""
    lines = [
        "| What | Runs | Median | Min | Max |",
        "|---|---:|---:|---:|---:|",
        *(m.row() for m in measurements),
        "",
    ]
    per_test = [m for m in measurements if m.unit == "ms"]
    if per_test:
        baseline = per_test[0].median
        overheads = ", ".join(
            f"{m.label} {(m.median - baseline) * 1000:+.2f} ms" for m in per_test[1:]
        )
        lines += [f"Isolation cost over the work alone (medians): {overheads}.", ""]
    return "\n".join([*lines, "Machine:", "", *machine_lines, ""])


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
    print(report(measurements, machine(postgres_version, ids, load_at_start)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
