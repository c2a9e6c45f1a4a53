"""The mutation matrix's record: fates, the seeded draw, the score, and a report made from it."""

import json

from evidence.mutation import mutmut
from evidence.mutation.__main__ import main
from evidence.mutation.matrix import (
    ALIVE,
    BROKEN,
    TIMEOUT,
    UNCOVERED,
    Mutant,
    as_record,
    sample,
    score,
)
from evidence.mutation.report import document
from evidence.mutation.targets import DOMAIN, HANDLER, MESSAGING, TARGETS


def mutant(name="orders.domain.x_total__mutmut_1", member="orders", kind=DOMAIN, **stages):
    return Mutant(name, member, "orders/domain.py", kind, stages)


def test_a_mutant_belongs_to_the_first_layer_that_kills_it():
    assert mutant(unit="killed").fate == "unit"
    assert mutant(unit="survived", integration="killed").fate == "integration"
    assert mutant(unit="no tests", integration="survived", contract="killed").fate == "contract"


def test_a_mutant_no_layer_kills_survived_only_if_some_test_reached_it():
    assert mutant(unit="survived", integration="no tests", contract="no tests").fate == ALIVE
    assert mutant(unit="no tests", integration="no tests").fate == UNCOVERED


def test_a_timeout_and_anything_else_mutmut_says_are_their_own_fates_never_a_kill():
    assert mutant(unit="survived", integration="timed out").fate == TIMEOUT
    assert mutant(unit="other (-11)").fate == BROKEN


def test_the_draw_is_the_same_for_one_seed_and_differs_for_another():
    names = [f"m{i}" for i in range(200)]

    first, again, other = sample(names, 20, 16), sample(names[::-1], 20, 16), sample(names, 20, 17)

    assert first == again
    assert len(first) == 20
    assert set(first) <= set(names)
    assert other != first
    assert sample(names, None, 16) == sorted(names)


def test_the_score_leaves_equivalents_out_and_counts_unjudged_survivors_as_misses():
    mutants = [
        mutant("a", unit="killed"),
        mutant("b", unit="survived", integration="timed out"),
        mutant("c", unit="survived"),
        mutant("d", unit="survived"),
    ]

    found = score(mutants, {"c": {"verdict": "equivalent"}, "b": {"verdict": "equivalent"}})

    # b timed out, so it counts as killed whatever its judgement says; d is a miss.
    assert (found.mutants, found.killed, found.equivalent) == (4, 2, 1)
    assert found.share == 2 / 3


def record(mutants):
    return {
        "tool": "mutmut 3.8.1",
        "command": "nox -s mutants -- --sample 4 --out docs",
        "seed": 16,
        "sample": 4,
        "drawn": 4,
        "population": 10,
        "population_by_member": {"orders": 6, "chassis": 4},
        "seconds": 90.0,
        "mutants": [as_record(m) for m in mutants],
        "survivor_sample": {"c": "-    return a\n+    return None"},
        "judgements": {"c": {"verdict": "missing test", "why": "nothing reads it", "test": "t"}},
        "machine": ["- CPU: 2 cores"],
    }


def test_the_report_counts_each_layers_kills_per_module_and_shows_the_judged_survivors():
    mutants = [
        mutant("a", unit="killed"),
        Mutant(
            "b",
            "orders",
            "orders/handlers.py",
            HANDLER,
            {"unit": "survived", "integration": "killed"},
        ),
        mutant("c", unit="survived", integration="survived"),
        Mutant("d", "chassis", "chassis/messaging/inbox.py", MESSAGING, {"unit": "killed"}),
    ]

    text = document(record(mutants))

    assert "4 of the 10 mutants mutmut made (orders 6, chassis 4): at most 4 of each member" in text
    assert "| `orders`: `orders/domain.py` | domain | 2 | 1 | 0 | 0 | 1 | 0 | 0 | 0 |" in text
    assert "| `orders`: `orders/handlers.py` | handler | 1 | 0 | 1 | 0 | 0 | 0 | 0 | 0 |" in text
    assert "2 of 3 non-equivalent mutants killed, **66.7 %**" in text  # the chassis is left out
    assert "**missing test**: nothing reads it Test: `t`." in text


def test_check_passes_on_what_render_wrote_and_fails_once_the_markdown_is_edited(tmp_path):
    (tmp_path / "mutation-matrix.json").write_text(json.dumps(record([mutant("c", unit="x")])))
    assert main(["--render", "--out", str(tmp_path)]) == 0
    assert main(["--check", "--out", str(tmp_path)]) == 0

    page = tmp_path / "mutation-matrix.md"
    page.write_text(page.read_text().replace("survived", "killed"))

    assert main(["--check", "--out", str(tmp_path)]) == 1


def test_a_stage_is_configured_with_its_layers_tests_and_the_modules_to_mutate(tmp_path):
    member = tmp_path / "services" / "orders"
    (member / "tests" / "unit").mkdir(parents=True)
    (member / "pyproject.toml").write_text('[tool.pytest.ini_options]\naddopts = ["-ra"]\n')
    orders = next(t for t in TARGETS if t.member == "orders")

    folder = mutmut.workdir(tmp_path, orders, "integration")

    text = (folder / "pyproject.toml").read_text()
    assert 'pytest_add_cli_args_test_selection = ["tests/integration"]' in text
    assert '"src/orders/domain.py", "src/orders/service.py", "src/orders/handlers.py"' in text
    assert "--ignore=tests/integration/test_migrations.py" in text
    assert 'addopts = ["-ra"]' in text
    assert (folder / "tests").resolve() == member / "tests"


def test_mutmuts_exit_codes_read_from_its_meta_files(tmp_path):
    meta = tmp_path / "mutants" / "src" / "orders" / "domain.py.meta"
    meta.parent.mkdir(parents=True)
    codes = {"a": 1, "b": 0, "c": 33, "d": 36, "e": None, "f": -11}
    meta.write_text(json.dumps({"exit_code_by_key": codes}))

    found = mutmut.read_meta(tmp_path)

    assert {name: status for name, (_, status) in found.items()} == {
        "a": "killed",
        "b": "survived",
        "c": "no tests",
        "d": "timed out",
        "e": "not checked",
        "f": "other (-11)",
    }
    assert found["a"][0] == "orders/domain.py"
