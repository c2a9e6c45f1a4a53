"""The report: a summary and tables for the terminal, the same as Markdown, the SVG pyramid."""

from collections.abc import Sequence

from evidence.pyramid import tables
from evidence.pyramid.layers import Layer, cost, ratios
from evidence.pyramid.picture import Panel, svg

COLUMNS = """\
- *sum of tests*: pytest's time of each test (setup + call + teardown, as `--durations` counts
  it; a session-scoped fixture is charged to the first test that uses it), added up.
- *pytest*: the suites' own durations added up: collection and fixtures included, the start of
  Python and the sync of the environment not. A layer whose session runs its suites side by side
  takes less wall time than this sum.
- *wall*: `nox -s <layer>` from start to end, timed by `nox -s pyramid -- --run`: the
  environment's sync, the servers (or, for E2E, the compose build and start) and every suite;
  `-` when the JUnit files are not from a timed run.
- *cpu*: the CPU seconds of that session's own processes (nox, uv, pytest), not of the servers
  or containers it talks to: on a shared machine it moves far less with the load than wall time.
- JUnit gives each test's time to the millisecond: a unit median of 1 ms is 0.5 to 1.5 ms, so
  the per-test ratios next to unit are rough to that degree.
- A provider's contract verification is one test that checks every interaction of its pacts."""


def summary(layers: Sequence[Layer]) -> list[str]:
    """The headline: what each layer holds and costs, then each one next to unit."""
    lines = [
        f"{layer.name}: {layer.tests} tests, {layer.pytest_seconds:.1f} s of pytest"
        + (f", {layer.wall:.1f} s wall" if layer.wall is not None else "")
        + (f", {layer.cpu:.1f} s CPU" if layer.cpu is not None else "")
        + f"; median test {tables.ms(layer.median)} ms"
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
                f" {tables.times(r.mean)} by the mean); the {r.layer} layer costs"
                f" {tables.times(r.pytest_seconds)} the unit layer in pytest time{wall}"
            )
    return lines


def terminal(layers: Sequence[Layer]) -> str:
    parts = ["\n".join(summary(layers)), tables.text(tables.layer_table(layers))]
    parts += ["Cost next to unit", tables.text(tables.ratio_table(layers))]
    parts += ["Per member: tests / pytest seconds", tables.text(tables.service_table(layers))]
    for layer in layers:
        if layer.ran:
            parts += [
                f"The ten slowest {layer.name} tests",
                tables.text(tables.slowest_table(layer)),
            ]
    return "\n\n".join(parts)


def picture(layers: Sequence[Layer], title: str) -> str:
    """Two pyramids side by side: the number of tests, and the time they cost."""
    measure, seconds = cost(layers)
    tests = [(layer.name, layer.tests if layer.ran else None) for layer in layers]
    spent = [(layer.name, seconds.get(layer.name)) for layer in layers]
    panels = [
        Panel("area = number of tests", tests, "tests"),
        Panel(f"area = {measure.replace('`', '')}", spent, "s"),
    ]
    note = "Bars share one height, so each bar's width and area are to scale within its panel."
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


def document(layers: Sequence[Layer], *, command: str, machine: Sequence[str], image: str) -> str:
    """docs/pyramid.md: the headline, the picture, the tables, and the machine they came from."""
    slowest = [
        part
        for layer in layers
        if layer.ran
        for part in (f"### {layer.name}", tables.markdown(tables.slowest_table(layer)))
    ]
    measure, _ = cost(layers)
    return (
        "\n\n".join(
            [
                "# The test pyramid, measured",
                f"Written by `{command}` from the JUnit XML every layer writes (`.reports/junit`)."
                " Seconds belong to this machine and its load; the ratios beside them, measured in"
                " the same run, are what carries over. One run is one sample: the speed budgets"
                " (warm medians of three, in turns with a reference tree) are in"
                " [benchmarks.md](benchmarks.md#speed-budgets-warm-the-issues-four).",
                "\n".join(f"- {line}" for line in summary(layers)),
                f"![The pyramid: tests and {measure} per layer]({image})",
                "## Per layer",
                tables.markdown(tables.layer_table(layers)),
                COLUMNS,
                "## Cost next to unit",
                "Each layer's figure divided by the unit layer's.",
                tables.markdown(tables.ratio_table(layers)),
                "## Per member",
                "Tests / pytest seconds; contracts adds a member's consumer and provider runs.",
                tables.markdown(tables.service_table(layers)),
                "## The ten slowest tests of each layer",
                "The lesson's `pytest --durations=10`, answered for every layer (seconds).",
                BY_HAND,
                *slowest,
                "## Machine",
                "\n".join(machine),
            ]
        )
        + "\n"
    )
