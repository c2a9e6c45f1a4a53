"""docs/pyramid.md and docs/pyramid.svg from docs/pyramid.json, and nothing else: a pure function.

The same function writes them after a run and checks them in `nox -s lint` (evidence.generated).
"""

from typing import Any

from evidence.pyramid.report import document, picture
from evidence.pyramid.results import load

IMAGE = "pyramid.svg"  # beside pyramid.md


def render(data: dict[str, Any]) -> tuple[str, str]:
    """The page (without its generated-block markers) and the picture."""
    run = load(data)
    title = f"The test pyramid of this repository, to scale ({run.date})"
    return document(run, image=IMAGE), picture(run.layers, title)
