"""docs/benchmarks.md's speed block: ratios in turns, lost tests flagged, peers beside."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]


def page():
    """infra/benchmark/speed_page.py, a standard-library script outside this package."""
    spec = importlib.util.spec_from_file_location(
        "speed_page", ROOT / "infra/benchmark/speed_page.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(tree, round_, wall, unit, tests, **contract):
    return {
        "tree": tree,
        "round": round_,
        "wall": wall,
        "cpu": wall / 2,
        "sessions": {"lint": 1.0, "unit": unit},
        "tests": tests,
        **contract,
    }


def results(after_unit_tests=750):
    contract = {"verify": [1.0], "fixed": [0.5], "consumer": [0.01, 0.02], "consumer_first": [0.1]}
    return {
        "command": "python3 infra/benchmark/speed.py --before abc --runs 2",
        "sessions": [],
        "before": "abc",
        "after": "def",
        "runs": 2,
        "minutes": 9.5,
        "load": [[1.0, 1.0, 1.0], [2.0, 1.0, 1.0], [3.0, 1.0, 1.0]],
        "machine": ["- CPU: 2 cores"],
        "rounds": [
            run("before", 1, 60.0, 10.0, {"unit": 747}, **contract),
            run("after", 1, 30.0, 4.0, {"unit": after_unit_tests}, **contract),
            {"tree": "before alone", "round": 1, "interactions": 8, **contract},
            {"tree": "after alone", "round": 1, "interactions": 8, **contract},
            {"tree": "peer", "round": 1, "interactions": 0, **contract, "fixed": [0.4]},
            run("after", 2, 45.0, 6.0, {"unit": after_unit_tests}, **contract),
            run("before", 2, 50.0, 12.0, {"unit": 747}, **contract),
            {"tree": "peer", "round": 2, "interactions": 0, **contract, "fixed": [0.6]},
        ],
    }


def test_each_ratio_is_the_median_of_the_rounds_ratios_and_the_wall_the_median():
    text = page().render(results())

    # Rounds: 30/60 = 0.5 and 45/50 = 0.9, median 0.70; unit 4/10 and 6/12: 0.45.
    assert "| `nox` (the whole run) | 40 | 55.0 (50.0-60.0) | **37.5 (30.0-45.0)** | 0.70 |" in text
    assert "| `unit` in it |  | 11.0 (10.0-12.0) | **5.0 (4.0-6.0)** | 0.45 |" in text


def test_a_layer_that_lost_tests_says_so():
    assert "| unit | 747 | 750 |" in page().render(results())
    assert "| unit | 747 | 700 (**fewer**) |" in page().render(results(after_unit_tests=700))


def test_the_fixed_cost_is_set_beside_the_peers_with_its_goal():
    text = page().render(results())

    # Ours 500 ms (both rounds), the example's 400 and 600 ms: 500 / 500.
    assert "| 500 (500-500) | **500 (500-500)** | 500 (400-600) | 1.00 (<= 1.2) |" in text
