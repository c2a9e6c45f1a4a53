"""Who writes each generated block: its results file and the pure function that renders it.

Adding a generator is one line in GENERATORS: the block's name, the committed results file
(JSON) its session writes, and the function from that file's data to the block's text (`text`,
`script`), or to the text and the whole files it also writes (`pyramid`, `mutation`: their
pictures). A generator that writes a whole page rather than a block names it (`page=`). A
session writes its results, then `python -m evidence.generated --write NAME` renders its block
(infra/benchmark/publish.py does both).
"""

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Output:
    """What a generator writes from its results: its block's text, and whole files by path."""

    text: str
    files: dict[str, str] = field(default_factory=dict)


Render = Callable[[Any, Path], Output]  # (results data, repository root) -> output


@dataclass(frozen=True)
class Generator:
    name: str  # its block's name in the markers
    results: str  # the committed results file, from the repository's root
    render: Render
    page: str | None = None  # a page it writes whole, without markers (e.g. a report's own file)


def text(target: str) -> Render:
    """A `module:function` from results data to the block's text, imported when first used."""

    def render(data: Any, root: Path) -> Output:
        module, function = target.split(":")
        return Output(getattr(importlib.import_module(module), function)(data))

    return render


def script(path: str, function: str) -> Render:
    """A function of a standard-library script outside this package (e.g. the load run's)."""

    def render(data: Any, root: Path) -> Output:
        spec = importlib.util.spec_from_file_location(Path(path).stem, root / path)
        if spec is None or spec.loader is None:
            raise FileNotFoundError(root / path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return Output(getattr(module, function)(data))

    return render


def pyramid(data: Any, root: Path) -> Output:
    from evidence.pyramid.render import IMAGE, render

    page, image = render(data)
    return Output(page, {f"docs/{IMAGE}": image})


def mutation(data: Any, root: Path) -> Output:
    from evidence.mutation.__main__ import written

    files = written(data)
    return Output(
        files["mutation-matrix.md"], {"docs/mutation-matrix.svg": files["mutation-matrix.svg"]}
    )


GENERATORS = (
    Generator("pyramid", "docs/pyramid.json", pyramid),
    Generator("coverage", "docs/coverage.json", text("evidence.coverage.report:render")),
    Generator("load", "docs/load.json", script("infra/benchmark/load/page.py", "render")),
    Generator("speed", "docs/speed.json", script("infra/benchmark/speed_page.py", "render")),
    Generator(
        "can-i-deploy",
        "docs/can-i-deploy.json",
        script("infra/benchmark/can_i_deploy_page.py", "render"),
    ),
    Generator(
        "load-cpu", "docs/load-cpu.json", script("infra/benchmark/load/cpu_page.py", "render")
    ),
    Generator(
        "fixture-costs",
        "docs/fixture-costs.json",
        script("infra/benchmark/fixture_costs_page.py", "render"),
    ),
    Generator(
        "fault-matrix",
        "docs/fault-matrix.json",
        text("evidence.fault_report:render"),
        page="docs/fault-matrix.md",
    ),
    Generator("mutation-matrix", "docs/mutation-matrix.json", mutation, "docs/mutation-matrix.md"),
    Generator("fuzz", "docs/fuzz.json", script("infra/benchmark/fuzz_page.py", "render")),
    Generator("resilience", "docs/resilience.json", script("e2e/resilience/page.py", "render")),
    Generator("stack", "docs/stack.json", script("infra/benchmark/stack_page.py", "render")),
    Generator(
        "infrastructure", "docs/infrastructure.json", script("infra/benchmark/report.py", "render")
    ),
)
