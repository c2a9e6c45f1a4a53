import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]


def page():
    """infra/benchmark/load/page.py, a standard-library script outside this package."""
    spec = importlib.util.spec_from_file_location("page", ROOT / "infra/benchmark/load/page.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def step(rate, p99, failures=0, lost=0):
    return {
        "rate": rate,
        "acknowledged": rate * 10 - failures,
        "stored": rate * 10 - failures - lost,
        "lost": lost,
        "throughput": rate,
        "50": 10.0,
        "95": 20.0,
        "99": p99,
        "failures": failures,
        "count": rate * 10,
        "errors": [],
        "final_p50": 0.01,
        "final_p95": 0.02,
        "final_max": 0.05,
        "not_final": 0,
        "cancelled": 0,
        "cpu": {"orders": rate / 100},
    }


def test_the_block_is_rendered_from_the_results_with_the_verdict_its_rule_gives():
    data = {
        "command": "nox -s load",
        "machine": ["- CPU: 2 cores"],
        "results": [step(10, 50.0), step(20, 90.0)],
    }

    text = page().render(data)

    assert "**Carried up to 20 orders/s**" in text
    assert "| 20 | 20.0 | 10 | 20 | 90 | 0 of 200 |" in text
    assert text.endswith("## Machine\n\n- CPU: 2 cores\n")


def test_a_step_over_its_p99_target_with_an_error_or_a_lost_order_does_not_pass():
    rule = page()

    assert rule.failures(step(10, rule.P99_TARGET_MS)) == []
    assert rule.failures(step(10, rule.P99_TARGET_MS + 1))
    assert rule.failures(step(10, 50.0, failures=1))
    assert rule.failures(step(10, 50.0, lost=1)) == ["1 orders lost (201s 100, stored 99)"]


def test_carried_is_the_highest_rate_with_every_step_up_to_it_passing():
    rule = page()
    over = rule.P99_TARGET_MS + 1

    assert rule.carried([step(10, 50.0), step(15, over), step(20, 50.0)])["rate"] == 10
    assert rule.carried([step(10, over), step(20, 50.0)]) is None
    assert "**No rate carried**" in rule.verdict([step(10, 50.0, lost=1), step(20, 50.0)])
