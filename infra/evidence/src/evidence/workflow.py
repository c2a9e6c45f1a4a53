"""The nox sessions a GitHub Actions workflow runs, read from its `run:` steps.

A small reader rather than a YAML parser (evidence is standard library only): it finds each
`run:` value, one line or a `|`/`>` block, and in its shell lines each `nox` command's `-s`
arguments. `${{ ... }}` expressions are kept whole, and `unknown` treats them as wildcards.
"""

import re
import shlex
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import takewhile

RUN = re.compile(r"^(?P<indent>\s*(?:-\s+)?)run:\s*(?P<value>.*)$")
EXPRESSION = re.compile(r"\$\{\{.*?\}\}")
SESSION_OPTIONS = ("-s", "--session", "--sessions", "-e")
SEPARATORS = (";", "&&", "||", "|", "&")


def run_scripts(workflow: str) -> list[str]:
    """The shell script of every `run:` key, in order."""
    lines = workflow.splitlines()
    scripts = []
    for number, line in enumerate(lines):
        if not (found := RUN.match(line)):
            continue
        value = found["value"].strip()
        if not value.startswith(("|", ">")):
            scripts.append(_unquote(value))
            continue
        # A block: the lines indented deeper than the key, up to the first one that is not.
        block = []
        for following in lines[number + 1 :]:
            if following.strip() and _indent(following) <= len(found["indent"]):
                break
            block.append(following)
        body = _dedent(block)
        scripts.append(" ".join(body.split("\n")) if value.startswith(">") else body)
    return scripts


@dataclass(frozen=True)
class NoxCommand:
    """One `nox` command of a script: the sessions it selects, and what follows its `--`."""

    sessions: tuple[str, ...]
    posargs: tuple[str, ...]


def nox_commands(script: str) -> list[NoxCommand]:
    """The script's `nox` commands, words as the shell will see them, `${{ }}` kept as written."""
    expressions: list[str] = []

    def hide(found: re.Match[str]) -> str:
        expressions.append(found[0])
        return f"__expression{len(expressions) - 1}__"

    def show(word: str) -> str:
        return re.sub(r"__expression(\d+)__", lambda m: expressions[int(m[1])], word)

    commands = []
    for line in script.replace("\\\n", " ").splitlines():
        lexer = shlex.shlex(EXPRESSION.sub(hide, line), posix=True, punctuation_chars=";&|")
        lexer.whitespace_split, lexer.commenters = True, "#"
        words = [show(word) for word in lexer]
        commands += [_command(words[i + 1 :]) for i, word in enumerate(words) if word == "nox"]
    return commands


def nox_sessions(script: str) -> list[str]:
    """The session names the script's `nox -s ...` commands select, as written."""
    return [name for command in nox_commands(script) for name in command.sessions]


def unknown(names: Iterable[str], sessions: Sequence[str]) -> list[str]:
    """The names that select no session: a name is a session, or a layer of parametrized ones."""
    missing = []
    for name in names:
        # An expression stands for one value: a parametrized id has no parentheses of its own.
        pattern = "[^()]+".join(map(re.escape, EXPRESSION.split(name)))
        if not any(re.fullmatch(rf"{pattern}(\(.*\))?", session) for session in sessions):
            missing.append(name)
    return missing


def _command(words: list[str]) -> NoxCommand:
    """`-s a b --other -- posargs`, up to the end of the shell command."""
    names, posargs, taking = [], [], False
    words = list(takewhile(lambda word: word not in SEPARATORS, words))
    if "--" in words:
        posargs = words[words.index("--") + 1 :]
        words = words[: words.index("--")]
    for word in words:
        if word.startswith("-"):
            option, _, value = word.partition("=")
            taking = option in SESSION_OPTIONS
            names += [value] if taking and value else []
        elif taking:
            names.append(word)
    return NoxCommand(tuple(names), tuple(posargs))


def _unquote(value: str) -> str:
    if len(value) > 1 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _dedent(block: list[str]) -> str:
    margin = min((_indent(line) for line in block if line.strip()), default=0)
    return "\n".join(line[margin:] for line in block).strip("\n")
