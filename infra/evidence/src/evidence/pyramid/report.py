"""The report: a summary and tables for the terminal, the same as Markdown, the SVG pyramid.

The system's tests (the services', the chassis', the journeys') are reported apart from the
tooling's (the test kit's and the evidence's): the report is about the system's pyramid.
"""

from collections.abc import Sequence

from evidence.pyramid import tables
from evidence.pyramid.layers import TOOLING, Layer, cost, part, ratios
from evidence.pyramid.picture import Panel, svg
from evidence.pyramid.results import Run

SYSTEM = "the services, the chassis and the journeys"

COLUMNS = """\
- *median, mean µs/test*: pytest's own time of each test (set-up + call + teardown, as
  `--durations` counts it), to the microsecond, from the report log each run writes
  (`--report-log`, `.reports/durations`).
- *module-shared median*: the same median with each module's set-up time shared out evenly
  over its tests, so a fixture of module scope is paid by every test that shares it, not by the
  first alone (the E2E least-privilege checks judge one probe of the stack between them).
- *sum of tests*, and *of it set-up*: those times added up, and the set-up phases among them.
  A fixture of module or session scope is set up once, in the set-up of the first test that
  asks for it, and the tests after it that share it pay nothing: its whole cost is on that one
  test (see [Where shared work goes](#where-shared-work-goes)).
- *outside tests*: *pytest* less *sum of tests*: collection, plugins, session teardown.
- *pytest*: the suites' own durations added up: collection and fixtures included, the start of
  Python and the sync of the environment not. A layer whose session runs its suites side by side
  takes less wall time than this sum.
- *wall*: `nox -s <layer>` from start to end, timed by `nox -s pyramid -- --run`: the
  environment's sync, the servers (or, for E2E, the compose build and start) and every suite;
  `-` when the JUnit files are not from a timed run. It covers the system's and the tooling's
  suites together: they run in one session.
- *cpu*: the CPU seconds of that session's own processes (nox, uv, pytest), not of the servers
  or containers it talks to: on a shared machine it moves far less with the load than wall time.
- A provider's contract verification is one test that checks every interaction of its pacts."""

SHAPES = """\
*shape*: a *pyramid* when each layer holds no more tests than the one below it (Cohn); a
*honeycomb* when integration holds more than unit and than any layer above (Spotify); `-` for
a member whose tests are all above integration (the journeys, the E2E suite's pacts)."""


def summary(layers: Sequence[Layer]) -> list[str]:
    """The headline: what each layer holds and costs, then each one next to unit."""
    lines = [
        f"{layer.name}: {layer.tests} tests, {layer.pytest_seconds:.1f} s of pytest"
        + (f", {layer.wall:.1f} s wall" if layer.wall is not None else "")
        + (f", {layer.cpu:.1f} s CPU" if layer.cpu is not None else "")
        + f"; median test {tables.us(layer.median)} µs"
        + f" ({tables.us(layer.shared_median)} µs with each module's set-ups shared out)"
        if layer.ran
        else f"{layer.name}: {layer.absence}"
        for layer in layers
    ]
    for r in ratios(layers):
        if r.median is not None:
            article = "an" if r.layer[0] in "aeiou" else "a"
            wall = f", {tables.times(r.wall)} in wall time" if r.wall else ""
            wall += f", {tables.times(r.cpu)} in CPU time" if r.cpu else ""
            lines.append(
                f"{article} {r.layer} test costs {tables.times(r.median)} a unit test (median;"
                f" {tables.times(r.shared_median)} with set-ups shared out;"
                f" {tables.times(r.mean)} by the mean); the {r.layer} layer costs"
                f" {tables.times(r.pytest_seconds)} the unit layer in pytest time{wall}"
            )
    return lines


def terminal(layers: Sequence[Layer]) -> str:
    system = part(layers, tooling=False)
    parts = [f"The system ({SYSTEM})", "\n".join(summary(system))]
    parts += [tables.text(tables.layer_table(system, timed=False))]
    parts += ["Cost next to unit", tables.text(tables.ratio_table(system))]
    parts += ["Per member: tests / pytest seconds", tables.text(tables.service_table(layers))]
    parts += ["Every suite, tooling included", tables.text(tables.layer_table(layers))]
    return "\n\n".join(parts)


def picture(layers: Sequence[Layer], title: str) -> str:
    """The system's tests and their pytest time; every suite's wall time per layer."""
    system = part(layers, tooling=False)
    tests = [(layer.name, layer.tests if layer.ran else None) for layer in system]
    spent = [(layer.name, layer.pytest_seconds if layer.ran else None) for layer in system]
    measure, seconds = cost(layers)
    every = [(layer.name, seconds.get(layer.name)) for layer in layers]
    panels = [
        Panel("the system: area = number of tests", tests, "tests"),
        Panel("the system: area = pytest time", spent, "s"),
        Panel(f"all suites: area = {measure.replace('`', '')}", every, "s"),
    ]
    note = (
        "Bars share one height, so each bar's width and area are to scale within its panel."
        f" The system: {SYSTEM}; all suites add the tooling's ({', '.join(TOOLING)})."
    )
    return svg(panels, title=title, note=note)


# The lesson's try-it, by hand for one service: every layer but e2e, with plain pytest.
BY_HAND = """By hand, for one service: from its folder, every folder of its tests (unit,
integration, contract, fuzz) in one plain pytest run, on servers that already run:

```sh
cd services/orders
TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/postgres \\
TEST_RABBITMQ_URL=amqp://guest:guest@127.0.0.1:5672/%2F \\
  uv run --all-groups pytest tests --durations=10
```

Its consumer tests write their pacts to `.reports/pacts`, never to `contracts/`."""


def _slowest(layers: Sequence[Layer], table) -> list[str]:
    return [
        part
        for layer in layers
        if layer.ran
        for part in (f"### {layer.name}", tables.markdown(table(layer)))
    ]


def document(run: Run, *, image: str) -> str:
    """docs/pyramid.md: the system's pyramid, each member's shape, the tooling's, the machine."""
    layers = run.layers
    system, tooling = part(layers, tooling=False), part(layers, tooling=True)
    return (
        "\n\n".join(
            [
                "# The test pyramid, measured",
                f"Written by `{run.command}` from the JUnit XML and the report log every layer"
                " writes (`.reports/junit`, `.reports/durations`), kept as data in"
                " [pyramid.json](pyramid.json); this page and the picture are rendered from it,"
                " and `nox -s lint` fails if they are edited by hand. Seconds belong to this"
                " machine and its load; the ratios beside them, measured in the same run, are"
                " what carries over. One run is one sample: the speed budgets (warm medians of"
                " three, in turns with a reference tree) are in"
                " [benchmarks.md](benchmarks.md#speed-budgets-warm-the-issues-four).",
                f"## The system: {SYSTEM}",
                "The tests of what is deployed: the five services, the chassis they share, the"
                " E2E suite (its journeys and its pacts). The tooling's own tests are"
                " [apart](#the-tooling-the-test-kit-and-the-evidence).",
                "\n".join(f"- {line}" for line in summary(system)),
                f"![The pyramid: the system's tests and time per layer]({image})",
                tables.markdown(tables.layer_table(system, timed=False)),
                "### Cost next to unit",
                "Each layer's figure divided by the unit layer's, the system's tests alone.",
                tables.markdown(tables.ratio_table(system)),
                "## Per member: each one's shape",
                "Tests / pytest seconds; contracts adds a member's consumer and provider runs.",
                tables.markdown(tables.service_table(layers)),
                SHAPES,
                "## The tooling: the test kit and the evidence",
                "\n".join(f"- {line}" for line in summary(tooling)),
                tables.markdown(tables.layer_table(tooling, timed=False)),
                "## Every suite together: what a run of each layer costs",
                tables.markdown(tables.layer_table(layers)),
                COLUMNS,
                "## Where shared work goes",
                "The five largest set-ups of each layer: a fixture of module or session scope"
                " (a database migrated, a stack probed through one `docker compose exec`, a"
                " server started) costs the first test that asks for it; the tests after it"
                " that share it read only their own call. What no test pays (collection,"
                " plugins, session teardown) is the *outside tests* column above; the"
                " environments' sync and, for E2E, the compose stack's build and start are only"
                " in the *wall* column.",
                *_slowest(layers, tables.setup_table),
                "## The ten slowest tests of each layer",
                "The lesson's `pytest --durations=10`, answered for every layer (seconds).",
                BY_HAND,
                *_slowest(layers, tables.slowest_table),
                "## Machine",
                "\n".join(run.machine),
            ]
        )
        + "\n"
    )
