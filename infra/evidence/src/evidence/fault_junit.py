"""The test cases of pytest's JUnit XML: which failed, in which phase, and where they crashed.

pytest writes a failure of a test's own body as `<failure>`, and an error in its fixtures'
set-up or tear-down, or in collecting its module, as `<error>` whose message says which
("failed on setup with ...", "collection failure"). The judge (`evidence.fault_judge`) counts
only the first kind as a test seeing a fault.
"""

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

CALL, SETUP, TEARDOWN, COLLECTION = "call", "setup", "teardown", "collection"
MESSAGE = 160  # characters of a failure message kept for the tables
# A traceback entry's location line in pytest's long format: `path.py:12: ` then, on the
# innermost entry, the exception's type (`tests/unit/test_x.py:9: AttributeError`).
LOCATION = re.compile(r"^(\S+\.py):(\d+): ?(\w*)$", re.MULTILINE)


@dataclass(frozen=True)
class Case:
    """One test case of a report, as pytest wrote it."""

    report: str  # the JUnit file's name: "unit-orders", "contracts-users", "e2e-journeys"
    classname: str  # tests.integration.test_api[.TestClass]; "" for a module not collected
    name: str  # the test with its parameters: test_x[users-down]
    phase: str = ""  # CALL, SETUP, TEARDOWN or COLLECTION when it failed; "" when it passed
    message: str = ""  # the first line of what it said
    text: str = ""  # the traceback

    @property
    def where(self) -> str:
        """`<report>: <module>::<test>`, as the matrix shows it."""
        return f"{self.report}: {self.classname.rsplit('.', 1)[-1]}::{self.name}"

    @property
    def exception(self) -> str:
        """The type of what was raised, from the innermost location line ("" if none)."""
        found = LOCATION.findall(self.text)
        return found[-1][2] if found else ""

    @property
    def frames(self) -> list[tuple[str, int]]:
        """The traceback's entries, outermost first: (path as pytest wrote it, line)."""
        return [(path, int(line)) for path, line, _ in LOCATION.findall(self.text)]


def phase_of(element: ET.Element) -> str:
    """The phase a `<failure>` or `<error>` element tells of."""
    if element.tag == "failure":
        return CALL
    message = element.get("message") or ""
    if message.startswith("collection failure"):
        return COLLECTION
    if message.startswith("failed on teardown"):
        return TEARDOWN
    return SETUP


def cases(xml: str, report: str) -> list[Case]:
    """Every test case of a JUnit document, failing or not, in the order pytest ran them."""
    found = []
    for case in ET.fromstring(xml).iter("testcase"):  # noqa: S314 (our own runs' reports)
        failed = case.find("failure")
        failed = failed if failed is not None else case.find("error")
        classname, name = case.get("classname", ""), case.get("name", "")
        if failed is None:
            found.append(Case(report, classname, name))
            continue
        found.append(
            Case(
                report,
                classname,
                name,
                phase_of(failed),
                said(failed.get("message")),
                failed.text or "",
            )
        )
    return found


def read(path: Path) -> list[Case]:
    """The cases of one JUnit file; a file pytest left half-written reads as no cases."""
    try:
        return cases(path.read_text(), path.stem)
    except (ET.ParseError, OSError):
        return []


def said(message: str | None) -> str:
    """A message's first line, without the exception's name, short enough for a table."""
    line = (message or "").strip().partition("\n")[0].removeprefix("AssertionError: ")
    return line if len(line) <= MESSAGE else line[: MESSAGE - 3] + "..."
