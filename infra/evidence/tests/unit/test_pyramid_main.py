from datetime import UTC, datetime, timedelta

import pytest
from evidence.pyramid.__main__ import main
from evidence.pyramid.running import Session, save
from pyramid_xml import case, document, write

MACHINE = 'def machine(load, details):\n    return ["- CPU: a test machine", *details]\n'


@pytest.fixture
def root(tmp_path, monkeypatch):
    """A repository with the benchmark's machine description, as the working directory."""
    write(tmp_path / "infra" / "benchmark", "machine.py", MACHINE)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_layer_without_junit_is_reported_as_not_run_and_the_rest_as_measured(root, capsys):
    write(root / ".reports" / "junit", "unit-users.xml", document(case("a", 0.001)))
    write(root / ".reports" / "junit", "integration-users.xml", document(case("b", 0.1)))

    assert main(["--out", "docs"]) == 0

    assert "e2e          not run" in capsys.readouterr().out
    markdown = (root / "docs" / "pyramid.md").read_text()
    assert "| contracts | not run |" in markdown
    assert "- CPU: a test machine\n- JUnit written: 2026-11-25 10:00 to 10:00 UTC" in markdown
    assert (root / "docs" / "pyramid.svg").read_text().count("not run") == 6  # 3 panels


def test_no_test_at_all_is_an_error_and_writes_nothing(root):
    with pytest.raises(SystemExit, match="no tests at all"):
        main([])

    assert not (root / ".reports" / "pyramid.md").exists()


def test_a_failed_test_is_reported_and_fails_the_run(root, capsys):
    write(root / ".reports" / "junit", "unit-users.xml", document(case("a", 0.001, "failed")))

    assert main([]) == 1

    assert "unit: 1 tests failed or erred" in capsys.readouterr().err
    assert (root / ".reports" / "pyramid.md").exists()


def test_a_layer_whose_suites_hold_no_test_fails_the_run(root, capsys):
    write(root / ".reports" / "junit", "unit-users.xml", document(case("a", 0.001)))
    write(root / ".reports" / "junit", "e2e-journeys.xml", document())

    assert main([]) == 1

    assert "e2e: ran, but holds no test" in capsys.readouterr().err


def test_a_broken_junit_file_is_an_error_naming_it_not_a_traceback(root):
    write(root / ".reports" / "junit", "unit-users.xml", "<testsuites")

    with pytest.raises(SystemExit, match=r"unit-users\.xml"):
        main([])


def test_a_timed_layer_shows_its_wall_time_unless_another_run_wrote_one_of_its_files(root):
    ten = datetime(2026, 11, 25, 10, tzinfo=UTC)
    save(
        root / ".reports",
        [
            Session(name, 40.0, ten, ten + timedelta(seconds=40), True, 30.0, 1.5)
            for name in ("unit", "e2e")
        ],
    )
    write(root / ".reports" / "junit", "unit-users.xml", document(case("a", 0.001), seconds=2.0))
    write(root / ".reports" / "junit", "e2e-journeys.xml", document(case("j", 3.0), seconds=4.0))
    write(
        root / ".reports" / "junit",
        "e2e-old.xml",
        document(case("k", 3.0), started="2026-11-24T10:00:00+00:00"),
    )

    assert main([]) == 0

    markdown = (root / ".reports" / "pyramid.md").read_text()
    # JUnit alone (no report log): its milliseconds, and no set-up apart.
    unit = "| unit | 1 | 1 | 0 | 1,000 | 1,000 | 1,000 | 0.0 | - | 2.0 | 2.0 | 40.0 | 30.0 |"
    e2e = "| e2e | 2 | 2 | 0 | 3,000,000 | 3,000,000 | 3,000,000 | 6.0 | - | 0.0 | 5.0 | - | - |"
    assert unit in markdown
    assert e2e in markdown
    assert "- Not written by the timed sessions: e2e-old\n" in markdown
    assert "- Load average (1 min) as each timed session ended: unit 1.5, e2e 1.5\n" in markdown


def test_a_layer_whose_session_failed_before_any_test_says_so_rather_than_not_run(root, capsys):
    ten = datetime(2026, 11, 25, 10, tzinfo=UTC)
    save(root / ".reports", [Session("e2e", 90.0, ten, ten + timedelta(seconds=90), passed=False)])
    write(root / ".reports" / "junit", "unit-users.xml", document(case("a", 0.001)))

    assert main([]) == 0  # the failure was an earlier run's: this one only reports it

    assert "e2e: failed, no JUnit" in capsys.readouterr().out
    assert "| e2e | failed, no JUnit | - |" in (root / ".reports" / "pyramid.md").read_text()
