"""The markers around a generated block, found in a page and put around a rendered text."""

import re

END = "<!-- /generated -->"
_BLOCK = re.compile(
    r"<!-- generated: (?P<name>[\w.-]+)(?P<note>[^>]*?)-->\n(?P<text>.*?)" + re.escape(END),
    re.DOTALL,
)
_START = re.compile(r"<!-- generated: ")


class BlockError(ValueError):
    """A page whose markers do not pair up."""


def found(page: str) -> dict[str, str]:
    """Each block's name and text (what lies between its markers)."""
    blocks = {match["name"]: match["text"] for match in _BLOCK.finditer(page)}
    starts = len(_START.findall(page))
    if starts != len(blocks) or page.count(END) != starts:
        raise BlockError(f"{starts} opening and {page.count(END)} closing markers, not in pairs")
    return blocks


def body(text: str) -> str:
    """What lies between the markers for a rendered text: the text, ending in a newline."""
    return text if text.endswith("\n") else text + "\n"


def wrap(name: str, text: str, note: str = "") -> str:
    """The block as a page holds it; `note` says who writes it (kept from the page on update)."""
    return f"<!-- generated: {name}{f' {note}' if note else ''} -->\n{body(text)}{END}"


def whole(name: str, text: str) -> str:
    """A page that is one generated block from top to bottom."""
    return wrap(name, text, "· rendered from its results file; do not edit by hand") + "\n"


def update(page: str, name: str, text: str) -> str:
    """The page with the named block's text replaced, its markers and note kept."""
    for match in _BLOCK.finditer(page):
        if match["name"] == name:
            block = wrap(name, text, match["note"].strip())
            return page[: match.start()] + block + page[match.end() :]
    raise BlockError(f"no block named {name!r}")
