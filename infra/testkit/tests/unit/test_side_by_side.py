"""Runs side by side: every job runs, a failure shows its whole output, the results keep order."""

import sys
from pathlib import Path

from testkit.runner.side_by_side import Job, side_by_side, uv_sync


def python(code: str) -> tuple[str, ...]:
    return (sys.executable, "-c", code)


def job(tmp_path: Path, name: str, *commands: tuple[str, ...], junit: Path | None = None) -> Job:
    return Job(name, tmp_path / "env", tmp_path, commands, junit=junit)


def test_every_job_runs_and_the_outcomes_come_in_the_jobs_order(tmp_path):
    jobs = [job(tmp_path, f"job {n}", python(f"print('job {n} done')")) for n in range(4)]

    outcomes = side_by_side(jobs, {}, say=lambda line: None)

    assert [o.job.name for o in outcomes] == ["job 0", "job 1", "job 2", "job 3"]
    assert all(o.passed for o in outcomes)
    assert [o.log.splitlines()[-1] for o in outcomes] == [f"job {n} done" for n in range(4)]


def test_a_failure_is_said_with_its_whole_output_and_its_later_commands_do_not_run(tmp_path):
    said: list[str] = []
    failing = job(
        tmp_path,
        "integration(orders)",
        python("print('collected 3 items'); print('1 failed, 2 passed'); raise SystemExit(1)"),
        python("open('ran', 'w')"),
    )

    (outcome,) = side_by_side([failing], {}, say=said.append)

    assert not outcome.passed
    assert len(outcome.steps) == 1
    assert not (tmp_path / "ran").exists()
    assert "collected 3 items" in said[0]
    assert said[0].splitlines()[-1].startswith("integration(orders): FAILED in ")
    assert said[0].endswith(": 1 failed, 2 passed)")


def test_quiet_says_only_the_failures(tmp_path):
    said: list[str] = []
    jobs = [job(tmp_path, "fine", python("pass")), job(tmp_path, "broken", python("1/0"))]

    side_by_side(jobs, {}, say=said.append, quiet=True)

    assert len(said) == 1
    assert "ZeroDivisionError" in said[0]


def test_each_job_gets_its_own_variables_and_its_environment_as_uvs_and_the_virtual_one(tmp_path):
    code = "import os; print(os.environ['PACT_DIR'], os.environ['UV_PROJECT_ENVIRONMENT'])"
    one = Job("one", tmp_path / "env", tmp_path, (python(code),), env={"PACT_DIR": "/pacts"})

    (outcome,) = side_by_side([one], {"PACT_DIR": "/elsewhere"}, say=lambda line: None)

    assert outcome.log.splitlines()[-1] == f"/pacts {tmp_path / 'env'}"


def test_the_job_whose_last_run_took_longest_is_expected_to_take_longest(tmp_path):
    report = tmp_path / "integration-orders.xml"
    report.write_text('<testsuites><testsuite time="12.5"/><testsuite time="0.5"/></testsuites>')

    assert job(tmp_path, "orders", junit=report).expected_seconds() == 13.0
    assert job(tmp_path, "new member", junit=tmp_path / "none.xml").expected_seconds() == 0.0
    assert job(tmp_path, "no report").expected_seconds() == 0.0


def test_a_sync_installs_exactly_the_lock_with_only_the_groups_asked_for():
    assert uv_sync("orders", "test") == (
        *("uv", "sync", "--locked", "--no-default-groups"),
        *("--package", "orders", "--group", "test"),
    )
    assert uv_sync(None, "lint")[-3:] == ("--no-install-project", "--group", "lint")
