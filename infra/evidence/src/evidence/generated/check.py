"""Every generated block and file compared with what its generator writes from its results.

Pure and offline: it reads the pages (README.md, docs/**/*.md, the kit's README) and the
committed results files, renders, and compares; it runs nothing and changes nothing unless asked
to write.
"""

import difflib
import json
from collections.abc import Sequence
from pathlib import Path

from evidence.generated import blocks
from evidence.generated.registry import GENERATORS, Generator, Output


def pages(root: Path) -> list[Path]:
    """The pages a reader meets, hand-written and generated (the kit's README: fixture costs)."""
    return [
        root / "README.md",
        *sorted((root / "docs").rglob("*.md")),
        root / "infra" / "testkit" / "README.md",
    ]


def _diff(path: str, expected: str, actual: str) -> str:
    lines = difflib.unified_diff(
        expected.splitlines(), actual.splitlines(), "generator", path, lineterm="", n=1
    )
    return "\n".join(list(lines)[:12])


def outputs(root: Path, generators: Sequence[Generator]) -> tuple[dict[str, Output], list[str]]:
    """Each generator's output from its committed results; a missing results file is a problem."""
    done, problems = {}, []
    for generator in generators:
        results = root / generator.results
        if not results.exists():
            problems.append(f"{generator.name}: its results file {generator.results} is missing")
            continue
        done[generator.name] = generator.render(json.loads(results.read_text()), root)
    return done, problems


def check(root: Path, generators: Sequence[Generator] = GENERATORS) -> list[str]:
    """What differs from its generator: each a line (and a short diff), none when all agree."""
    rendered, problems = outputs(root, generators)
    seen = set()
    for page in pages(root):
        if not page.exists():
            continue
        where = str(page.relative_to(root))
        try:
            found = blocks.found(page.read_text())
        except blocks.BlockError as error:
            problems.append(f"{where}: {error}")
            continue
        for name, text in found.items():
            seen.add(name)
            if name not in rendered:
                problems.append(f"{where}: block {name!r} has no generator (evidence.generated)")
            elif text != (expected := blocks.body(rendered[name].text)):
                source = next(g.results for g in generators if g.name == name)
                problems.append(
                    f"{where}: block {name!r} is not what its generator writes from {source}"
                    " (edited by hand, or the results changed without it)\n"
                    + _diff(where, expected, text)
                )
    for generator in generators:
        if generator.page and generator.name in rendered:
            rendered[generator.name].files[generator.page] = blocks.body(
                rendered[generator.name].text
            )
            seen.add(generator.name)
    for name, output in rendered.items():
        if name not in seen:
            problems.append(f"{name}: no page holds its block")
        for path, expected in output.files.items():
            actual = (root / path).read_text() if (root / path).exists() else ""
            if actual != expected:
                problems.append(f"{path}: not what {name} writes\n" + _diff(path, expected, actual))
    return problems


def write(root: Path, generators: Sequence[Generator] = GENERATORS) -> list[str]:
    """Every block and file rewritten from its results; the pages changed."""
    rendered, problems = outputs(root, generators)
    if problems:
        raise FileNotFoundError("; ".join(problems))
    for generator in generators:
        if generator.page:
            rendered[generator.name].files[generator.page] = blocks.body(
                rendered[generator.name].text
            )
    changed = []
    for page in pages(root):
        if not page.exists():
            continue
        before = after = page.read_text()
        for name in blocks.found(before):
            if name in rendered:
                after = blocks.update(after, name, rendered[name].text)
        if after != before:
            page.write_text(after)
            changed.append(str(page.relative_to(root)))
    for output in rendered.values():
        for path, text in output.files.items():
            if not (root / path).exists() or (root / path).read_text() != text:
                (root / path).write_text(text)
                changed.append(path)
    return changed
