import json
import re
import shutil
from pathlib import Path

import pytest
from evidence.generated import blocks
from evidence.generated.check import check, pages, write
from evidence.generated.registry import GENERATORS as REGISTERED
from evidence.generated.registry import Generator, Output

ROOT = Path(__file__).resolve().parents[4]


def counted(data, root):
    return Output(f"{data['orders']} orders\n", {"docs/count.txt": f"{data['orders']}\n"})


GENERATORS = (Generator("count", "docs/count.json", counted),)


@pytest.fixture
def repo(tmp_path):
    """A repository with one generated block in a hand-written page, and its results."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "count.json").write_text(json.dumps({"orders": 25}))
    (tmp_path / "docs" / "count.txt").write_text("25\n")
    page = "# Load\n\nProse that cites [the count](#).\n\n" + blocks.wrap("count", "25 orders\n")
    (tmp_path / "README.md").write_text(page + "\n\nMore prose.\n")
    return tmp_path


def test_every_generated_block_of_this_repository_is_what_its_generator_writes():
    assert check(ROOT) == []


def test_a_block_in_agreement_with_its_results_passes(repo):
    assert check(repo, GENERATORS) == []


def test_a_figure_edited_by_hand_fails_and_says_which_block_and_results(repo):
    page = repo / "README.md"
    page.write_text(page.read_text().replace("25 orders", "30 orders"))

    (problem,) = check(repo, GENERATORS)

    assert (
        "README.md: block 'count' is not what its generator writes from docs/count.json" in problem
    )
    assert "-25 orders\n+30 orders" in problem


def test_results_changed_without_their_block_fail_and_a_write_mends_both(repo):
    (repo / "docs" / "count.json").write_text(json.dumps({"orders": 20}))

    assert len(check(repo, GENERATORS)) == 2  # the block and the file

    assert sorted(write(repo, GENERATORS)) == ["README.md", "docs/count.txt"]
    assert check(repo, GENERATORS) == []
    assert "More prose." in (repo / "README.md").read_text()


def test_a_block_nobody_writes_a_block_no_page_holds_and_a_lost_marker_fail(repo):
    page = repo / "README.md"
    page.write_text(page.read_text() + blocks.wrap("typed", "3 tests"))
    assert check(repo, GENERATORS) == [
        "README.md: block 'typed' has no generator (evidence.generated)"
    ]

    page.write_text(page.read_text().replace(blocks.END, "", 1))
    problems = check(repo, GENERATORS)
    assert problems[0].startswith("README.md: 2 opening and 1 closing markers")
    assert "count: no page holds its block" in problems


def a_digit_changed(text: str) -> str:
    """The text with its first figure's first digit changed: a hand edit of one number."""
    match = re.search(r"\d", text)
    assert match, "a generated block without a figure"
    digit = "1" if match[0] != "1" else "2"
    return text[: match.start()] + digit + text[match.end() :]


def committed(tmp_path: Path) -> Path:
    """A copy of what the registered generators read: the pages, results and page scripts."""
    for page in ("README.md", "infra/testkit/README.md"):
        (tmp_path / page).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / page, tmp_path / page)
    for folder in ("docs", "infra/benchmark", "e2e/resilience"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("*.pyc"))
    return tmp_path


@pytest.mark.parametrize("generator", REGISTERED, ids=lambda generator: generator.name)
def test_a_figure_edited_by_hand_in_any_committed_block_fails(tmp_path, generator):
    root = committed(tmp_path)
    assert check(root) == []
    if generator.page:
        page = root / generator.page
        page.write_text(a_digit_changed(page.read_text()))
        expected = f"{generator.page}: not what {generator.name} writes"
    else:
        (page,) = [p for p in pages(root) if generator.name in blocks.found(p.read_text())]
        text = blocks.found(page.read_text())[generator.name]
        page.write_text(page.read_text().replace(text, a_digit_changed(text), 1))
        where = page.relative_to(root)
        expected = f"{where}: block {generator.name!r} is not what its generator writes"

    (problem,) = check(root)

    assert problem.startswith(expected)


def test_a_page_written_whole_by_its_generator_is_compared_whole(repo):
    report = Generator(
        "report", "docs/count.json", lambda data, root: Output("# 25\n"), "docs/r.md"
    )
    whole = (*GENERATORS, report)
    (repo / "docs" / "r.md").write_text("# 25\n")
    assert check(repo, whole) == []

    (repo / "docs" / "r.md").write_text("# 26\n")

    (problem,) = check(repo, whole)
    assert problem.startswith("docs/r.md: not what report writes")
