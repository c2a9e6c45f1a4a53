import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

from evidence.pyramid.junit import parse
from evidence.pyramid.running import Session, load, run, save, shell_environment, strangers, timed
from pyramid_xml import case, document

NOON = datetime(2026, 11, 25, 12, tzinfo=UTC)
SESSION = Session("unit", 30.0, NOON, NOON + timedelta(seconds=30), passed=True)


def suite_started(at: datetime):
    return parse(document(case("t", 0.1), started=at.isoformat()), layer="unit", member="a")


def test_a_sessions_times_count_for_suites_it_wrote():
    suites = [
        suite_started(NOON + timedelta(seconds=2)),
        suite_started(NOON + timedelta(seconds=20)),
    ]

    assert timed(SESSION, suites) == SESSION


def test_a_suite_from_another_run_leaves_the_layer_untimed():
    suites = [suite_started(NOON + timedelta(seconds=2)), suite_started(NOON - timedelta(hours=1))]

    assert timed(SESSION, suites) is None
    assert timed(None, suites[:1]) is None


def test_the_suites_a_session_did_not_write_are_named_as_strangers():
    ours, older = (
        suite_started(NOON + timedelta(seconds=5)),
        suite_started(NOON - timedelta(minutes=5)),
    )
    later = suite_started(NOON + timedelta(minutes=5))

    assert strangers(SESSION, [ours, older, later]) == [older, later]


def test_timed_sessions_read_back_as_they_were_saved(tmp_path):
    failed = Session("e2e", 61.5, NOON, NOON + timedelta(seconds=62), False, cpu=20.5, load=3.25)

    save(tmp_path, [SESSION, failed])

    assert load(tmp_path) == {"unit": SESSION, "e2e": failed}
    assert load(tmp_path / "never-ran") == {}


def test_the_layers_run_without_this_environment_first_on_their_path():
    environ = {"PATH": "/venv/bin:/usr/local/bin:/usr/bin", "VIRTUAL_ENV": "/venv", "HOME": "/root"}

    assert shell_environment(environ, Path("/venv")) == {
        "PATH": "/usr/local/bin:/usr/bin",
        "HOME": "/root",
    }


def stand_in_for_nox(command, *, cwd, env, check):
    """Writes the layer's JUnit file as the session would; the e2e session fails."""
    layer = command[-1]
    (cwd / ".reports" / "junit" / f"{layer}-fresh.xml").write_text("<testsuites/>")
    return subprocess.CompletedProcess(command, 1 if layer == "e2e" else 0)


def test_each_layer_runs_in_turn_timed_with_its_old_files_gone_even_after_a_failure(tmp_path):
    junit = tmp_path / ".reports" / "junit"
    junit.mkdir(parents=True)
    (junit / "unit-removed-member.xml").write_text("<testsuites/>")
    (junit / "integration-kept.xml").write_text("<testsuites/>")

    sessions = run(tmp_path, ["nox"], ["unit", "e2e"], {"PATH": "/usr/bin"}, stand_in_for_nox)

    assert [(s.layer, s.passed) for s in sessions] == [("unit", True), ("e2e", False)]
    assert all(s.seconds >= 0 and s.started <= s.finished for s in sessions)
    assert all(s.cpu is not None and s.load is not None for s in sessions)
    assert sorted(p.name for p in junit.iterdir()) == [
        "e2e-fresh.xml",
        "integration-kept.xml",
        "unit-fresh.xml",
    ]


def test_a_record_without_cpu_or_load_reads_back_with_neither_rather_than_zero(tmp_path):
    (tmp_path / "pyramid-sessions.json").write_text(
        '[{"layer": "unit", "seconds": 3.5, "started": "2026-11-25T12:00:00+00:00",'
        ' "finished": "2026-11-25T12:00:04+00:00", "passed": true}]'
    )

    assert load(tmp_path)["unit"] == Session("unit", 3.5, NOON, NOON + timedelta(seconds=4), True)
