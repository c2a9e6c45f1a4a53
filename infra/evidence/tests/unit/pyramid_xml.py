"""Small JUnit documents shaped like the ones pytest writes, for the pyramid's tests."""

from pathlib import Path


def case(
    name: str, seconds: float, outcome: str = "passed", module: str = "tests.unit.test_x"
) -> str:
    inner = {"passed": "", "failed": '<failure message="boom"/>', "error": "<error/>"}
    inner["skipped"] = '<skipped message="not today"/>'
    body = inner[outcome]
    return f'<testcase classname="{module}" name="{name}" time="{seconds:.3f}">{body}</testcase>'


def document(*cases: str, seconds: float = 1.0, started: str = "2026-11-25T10:00:00+00:00") -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?><testsuites name="pytest tests">'
        f'<testsuite name="pytest" tests="{len(cases)}" time="{seconds:.3f}" timestamp="{started}">'
        + "".join(cases)
        + "</testsuite></testsuites>"
    )


def write(folder: Path, file: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / file).write_text(text)
