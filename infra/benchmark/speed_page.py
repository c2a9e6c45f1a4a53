"""docs/benchmarks.md's generated "speed" block from docs/speed.json (infra/benchmark/speed.py).

Pure and standard library only: speed.py renders it after a run; `nox -s lint` renders it again
from the committed speed.json and fails if the page differs (`evidence.generated`).
"""

import statistics

SESSIONS = ("lint", "unit", "integration", "contracts", "e2e")
# Seconds a pull request may wait, warm (docs/benchmarks.md, "Speed budgets"); the whole run's
# is the goal of issue 19 (from 63 s), its old budget 120 s.
LIMITS = {"nox": 40, "integration": 40, "contracts": 12}
# What each of ours may cost against pact-python's own example (issue 19, item 5).
PEER_GOALS = {"fixed": 1.2, "consumer": 2.0}
PEER_ROWS = {
    "verify": "a provider verification (the test's call)",
    "fixed": "its fixed cost (the call less what Pact reports its interactions took)",
    "consumer": "a consumer test",
    "consumer_first": "the first consumer test of a process",
}


def _rounds(data: dict, tree: str) -> list[dict]:
    return [r for r in data["rounds"] if r["tree"] == tree]


def _spread(values: list[float], scale: float = 1.0, digits: int = 1) -> str:
    if not values:
        return "-"
    low, mid, high = (scale * v for v in (min(values), statistics.median(values), max(values)))
    return f"{mid:.{digits}f} ({low:.{digits}f}-{high:.{digits}f})"


def _ratio(after: list[float], before: list[float]) -> str:
    pairs = [a / b for a, b in zip(after, before, strict=False) if b]
    return f"{statistics.median(pairs):.2f}" if pairs else "-"


def _walls(rounds: list[dict], session: str) -> list[float]:
    if session == "nox":
        return [r["wall"] for r in rounds]
    return [r["sessions"][session] for r in rounds if session in r["sessions"]]


def _speed_table(data: dict) -> list[str]:
    before, after = _rounds(data, "before"), _rounds(data, "after")
    lines = [
        "| run | limit s | before wall s | after wall s | after/before |",
        "|---|---:|---:|---:|---:|",
    ]
    for session in ("nox", *(data["sessions"] or SESSIONS)):
        b, a = _walls(before, session), _walls(after, session)
        whole = f"`nox -s {' '.join(data['sessions'])}`" if data["sessions"] else "`nox`"
        name = f"{whole} (the whole run)" if session == "nox" else f"`{session}` in it"
        limit = str(LIMITS.get(session, "")) if session != "nox" or not data["sessions"] else ""
        lines.append(f"| {name} | {limit} | {_spread(b)} | **{_spread(a)}** | {_ratio(a, b)} |")
    b, a = [r["cpu"] for r in before], [r["cpu"] for r in after]
    lines.append(f"| the whole run, CPU s | | {_spread(b)} | {_spread(a)} | {_ratio(a, b)} |")
    return lines


def _tests_table(data: dict) -> list[str]:
    lines = ["| layer | tests before | tests after |", "|---|---:|---:|"]
    before, after = _rounds(data, "before")[-1]["tests"], _rounds(data, "after")[-1]["tests"]
    for layer in sorted(before.keys() | after.keys()):
        was, now = before.get(layer, 0), after.get(layer, 0)
        fewer = " (**fewer**)" if now < was else ""
        lines.append(f"| {layer} | {was} | {now}{fewer} |")
    return lines


def _pooled(rounds: list[dict], key: str) -> list[float]:
    return [value for r in rounds for value in r.get(key, [])]


def _peer_table(data: dict) -> list[str]:
    trees = ("before alone", "after alone", "peer")
    before, after, peer = (_rounds(data, tree) for tree in trees)
    lines = [
        "| ms, median (min-max) of every one measured | before | after | pact-python's example "
        "| after/example (goal) |",
        "|---|---:|---:|---:|---:|",
    ]
    for key, what in PEER_ROWS.items():
        b, a, p = (_pooled(rounds, key) for rounds in (before, after, peer))
        ratio = f"{statistics.median(a) / statistics.median(p):.2f}" if a and p else "-"
        goal = f" (<= {PEER_GOALS[key]})" if key in PEER_GOALS else ""
        cells = [_spread(v, 1000, 0) for v in (b, a, p)]
        lines.append(f"| {what} | {cells[0]} | **{cells[1]}** | {cells[2]} | {ratio}{goal} |")
    counts = [str(rounds[-1].get("interactions", "-")) for rounds in (before, after, peer)]
    lines.append(f"| interactions verified in a run | {' | '.join(counts)} | |")
    return lines


def render(data: dict) -> str:
    load = " -> ".join(f"{one:.1f}" for one, *_ in data["load"])
    retried = sum(bool(r.get("retried")) for r in data["rounds"])
    failures = f" {retried} run(s) failed once and were run again." if retried else ""
    peers = bool(_rounds(data, "peer"))
    return "\n".join(
        [
            f"`{data['command']}`: *before* is {data['before']}, *after* {data['after']}; "
            f"{data['runs']} rounds after a warm-up run of each, in turns (ABBA), "
            f"{data['minutes']} min in all. Medians (min-max); a ratio is the median of the "
            "rounds' ratios.",
            "",
            *_speed_table(data),
            "",
            "Tests collected per layer (the last run of each; JUnit XML):",
            "",
            *_tests_table(data),
            "",
            *(
                [
                    "The orders service's contract suite (its consumer tests and its two "
                    "provider verifications) run alone, one pytest process as the peer's, in "
                    "each tree, against pact-python's own `examples/http/requests_and_fastapi` "
                    "in the same rounds:",
                    "",
                    *_peer_table(data),
                    "",
                ]
                if peers
                else ["(pact-python's example not run: no `--peer`.)", ""]
            ),
            f"Load average (1 min) at the start and after each round: {load}.{failures}",
            "",
            *data["machine"],
        ]
    )
