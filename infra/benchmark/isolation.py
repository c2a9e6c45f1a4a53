"""What isolating one test from the next costs: four strategies timed on the same work.

Each strategy runs the workload's unit of work on one connection to a temporary database of a
Postgres container started once, timed with its set-up and clean-up; the baseline is the work
alone.
"""

import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

from report import Measurement, progress
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session
from workload import TRUNCATE_ALL, create_schema, delete_all, row_count, unit_of_work

from testkit.servers.containers import FastPostgresContainer, stop
from testkit.servers.isolation import rollback_session_factory

# Tests run in chunks of CHUNK per strategy, each after WARM_UP untimed ones.
CHUNK = 50
WARM_UP = 5


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
    delete_all(engine)


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
        delete_all(engine)
    return elapsed


def isolation_measurements(engine: Engine, iterations: int) -> list[Measurement]:
    """Time every strategy `iterations` times, in alternating chunks.

    Chunks, not single tests in turn: a TRUNCATE gives the tables new files, so the next
    statements on them re-read the catalog and re-plan. That is part of TRUNCATE's cost to the
    test after it, and must not be billed to whichever strategy happens to run next. Alternating
    chunks still spread drift (other load on the machine) over all strategies alike.
    """
    create_schema(engine)
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
