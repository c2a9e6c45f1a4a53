"""`nox -s load`: the compose stack under stepped order rates, driven by locust (headless).

The stack comes up under a project of its own (`pyramid-load`, free host ports; stack.py's
Stack) and always goes down with its volumes. For each rate in `--rates` (orders/s), a user and a
product of their own (probes.Shop) and `--seconds` of locust offering that rate (locustfile.py:
Poisson arrivals, one order a second per locust user on average); then, for up to `--grace`
seconds, the step's orders are read back until every one is final. Per step: the throughput
achieved, POST /orders p50/p95/p99 (locust's), errors, placing to final (the order's
`updated_at - created_at`: the database's clock, from the order's insert to its last change),
orders still not final, and each container's CPU over the step (its cgroup's counter). Writes
`--out`/load.md and load.svg; progress on stderr.

Needs infra/benchmark on PYTHONPATH (the nox session sets it): stack.py, probes.py, machine.py.
"""

import argparse
import csv
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from machine import machine
from plot import P99_TARGET_MS, latency_svg
from probes import FINAL, Api, Shop, container_cpu_seconds, engine
from report import percentile, progress
from stack import OVERRIDE, TOKEN, Stack

HERE = Path(__file__).parent
WARM_UP_SECONDS = 10
BY_HAND = "<!-- by hand: kept when the run above is regenerated -->\n"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rates", type=int, nargs="+", default=[10, 20, 30, 40, 50])
    parser.add_argument("--seconds", type=int, default=25, help="each step's length (25)")
    parser.add_argument("--grace", type=float, default=30.0, help="wait for finals, s (30)")
    parser.add_argument("--project", default="pyramid-load", help="compose project name")
    parser.add_argument("--tree", default=".", help="the checkout whose stack is built (.)")
    parser.add_argument("--out", type=Path, default=Path("docs"), help="folder for load.{md,svg}")
    args = parser.parse_args(argv)
    if args.project == "pyramid":
        parser.error("--project must not be the compose file's own `pyramid`")
    return args


def locust_step(url: str, shop: Shop, rate: int, seconds: int, scratch: Path) -> dict:
    """One locust run at `rate` users (orders/s); locust's figures for POST /orders."""
    prefix = scratch / f"step-{rate}"
    env = {**os.environ, "LOAD_TOKEN": TOKEN, "LOAD_USER_ID": shop.user_id, "LOAD_SKU": shop.sku}
    command = [sys.executable, "-m", "locust", "--locustfile", str(HERE / "locustfile.py")]
    command += ["--headless", "--only-summary", "--host", url, "--csv", str(prefix)]
    command += ["--users", str(rate), "--spawn-rate", str(rate), "--run-time", f"{seconds}s"]
    command += ["--stop-timeout", "10", "--loglevel", "WARNING"]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    # Locust exits 1 when a request failed: the failures are figures here, not a crash.
    if done.returncode not in (0, 1):
        sys.exit(f"locust failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    with open(f"{prefix}_stats.csv", newline="") as stats:
        row = next(r for r in csv.DictReader(stats) if r["Name"] == "/orders")
    count, failures = int(row["Request Count"]), int(row["Failure Count"])
    with open(f"{prefix}_failures.csv", newline="") as failed:
        errors = sorted(
            {f"{r['Occurrences']} x {r['Error'][:200]}" for r in csv.DictReader(failed)}
        )
    return {
        "count": count,
        "failures": failures,
        "errors": errors,
        **{key: float(row[f"{key}%"] or "nan") for key in ("50", "95", "99")},
    }


def step_orders(orders: Api, user_id: str) -> list[dict]:
    """Every order of the step's user, page by page."""
    found, offset = [], 0
    while True:
        page = orders.expect(200, "GET", f"/orders?user_id={user_id}&limit=100&offset={offset}")
        found += page["items"]
        offset += len(page["items"])
        if not page["items"] or offset >= page["total"]:
            return found


def finals(orders: Api, user_id: str, grace: float) -> tuple[list[float], int, int]:
    """Seconds from insert to final state of each final order; how many were not final."""
    deadline = time.monotonic() + grace
    while True:
        found = step_orders(orders, user_id)
        pending = [o for o in found if o["status"] not in FINAL]
        if not pending or time.monotonic() > deadline:
            break
        time.sleep(1)
    seconds = [
        (
            datetime.fromisoformat(o["updated_at"]) - datetime.fromisoformat(o["created_at"])
        ).total_seconds()
        for o in found
        if o["status"] in FINAL
    ]
    cancelled = sum(o["status"] == "CANCELLED" for o in found)
    return seconds, len(pending), cancelled


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_step(stack: Stack, urls: dict, rate: int, args, scratch: Path) -> dict:
    shop = Shop(urls, TOKEN)  # a user and a product (100,000 in stock) of the step's own
    containers = stack.containers()
    before = {name: container_cpu_seconds(i) for name, i in containers.items()}
    locust_before, started = children_cpu(), time.perf_counter()
    figures = locust_step(urls["orders"], shop, rate, args.seconds, scratch)
    elapsed = time.perf_counter() - started
    after = {name: container_cpu_seconds(i) for name, i in containers.items()}
    cpu = {name: (after[name] - before[name]) / elapsed for name in containers}
    cpu["(locust, the load generator)"] = (children_cpu() - locust_before) / elapsed
    final_seconds, not_final, cancelled = finals(shop.orders, shop.user_id, args.grace)
    result = {
        "rate": rate,
        "throughput": (figures["count"] - figures["failures"]) / args.seconds,
        "final_p50": percentile(final_seconds, 0.5),
        "final_p95": percentile(final_seconds, 0.95),
        "final_max": max(final_seconds, default=math.nan),
        "not_final": not_final,
        "cancelled": cancelled,
        "cpu": cpu,
        **figures,
    }
    progress(
        f"{rate}/s: {result['throughput']:.1f} ok/s, p50 {figures['50']:.0f} p99 "
        f"{figures['99']:.0f} ms, {figures['failures']} errors, final p95 "
        f"{result['final_p95']:.2f} s, {not_final} not final"
        + ("" if carried(result) else " (not carried)")
    )
    return result


# What a step must show to count as carried: the targets of the load issue (and plot.py's line).
FINAL_TARGET_SECONDS = 5.0


def carried(result: dict) -> bool:
    """No error, POST /orders p99 within target, and every order of the step final in time."""
    return (
        result["failures"] == 0
        and result["99"] <= P99_TARGET_MS
        and result["not_final"] == 0
        and result["final_max"] <= FINAL_TARGET_SECONDS
    )


def verdict(results: list[dict]) -> str:
    """The highest step carried, and CPU per order there (all containers and locust)."""
    steps = [r for r in results if carried(r)]
    if not steps:
        return (
            f"**No step carried**: none had 0 errors, p99 <= {P99_TARGET_MS} ms and every order "
            f"final within {FINAL_TARGET_SECONDS:.0f} s."
        )
    best = max(steps, key=lambda r: r["rate"])
    cpu_ms = sum(best["cpu"].values()) / best["throughput"] * 1000
    return (
        f"**Carried up to {best['rate']} orders/s**: the highest step with 0 errors, POST /orders "
        f"p99 <= {P99_TARGET_MS} ms and every order final within {FINAL_TARGET_SECONDS:.0f} s "
        f"(p99 {best['99']:.0f} ms, slowest final {best['final_max']:.2f} s), at "
        f"{cpu_ms:.0f} ms of CPU per order."
    )


def markdown(results: list[dict], load: float, args: argparse.Namespace) -> list[str]:
    lines = [
        "# Load: the compose stack under stepped order rates",
        "",
        "Generated by `nox -s load -- --rates "
        + " ".join(str(r["rate"]) for r in results)
        + f" --seconds {args.seconds}` (infra/benchmark/load). Each step: locust offers the rate "
        "(Poisson arrivals, one order a second per user on average; one line of one unit; a user "
        "and product of the step's own); POST /orders latency is locust's, from the same "
        "machine; placing to final is the order's `updated_at - created_at` (the database's "
        "clock, from its insert to its last change); CPU is each container's cgroup counter "
        "over the step, in % of one core.",
        "",
        verdict(results),
        "",
        "![p50/p95/p99 of POST /orders against the offered rate](load.svg)",
        "",
        "| Offered, orders/s | Achieved, orders/s | POST p50, ms | p95, ms | p99, ms | Errors "
        "| Final p50, ms | Final p95, ms | Final max, ms | Not final | Cancelled |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['rate']} | {r['throughput']:.1f} | {r['50']:.0f} | {r['95']:.0f} | "
            f"{r['99']:.0f} | {r['failures']} of {r['count']} | {r['final_p50'] * 1000:.0f} | "
            f"{r['final_p95'] * 1000:.0f} | {r['final_max'] * 1000:.0f} | {r['not_final']} | "
            f"{r['cancelled']} |"
        )
    names = list(results[0]["cpu"])
    lines += ["", "CPU per container over each step, % of one core:", ""]
    lines += ["| Container | " + " | ".join(f"{r['rate']}/s" for r in results) + " |"]
    lines += ["|---" + "|---:" * len(results) + "|"]
    for name in names:
        cells = [f"{r['cpu'][name] * 100:.0f}" for r in results]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    total = [sum(v for k, v in r["cpu"].items()) * 100 for r in results]
    lines.append("| **all** | " + " | ".join(f"**{t:.0f}**" for t in total) + " |")
    errors = [f"- {r['rate']}/s: {e}" for r in results for e in r["errors"]]
    if errors:
        lines += ["", "Errors:", "", *errors]
    details = [
        f"- Steps: {args.seconds} s each; compose project `{args.project}`",
        f"- Docker server: {engine('/version').get('Version')}",
    ]
    return [*lines, "", "## Machine", "", *machine(load, details)]


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        override = scratch / "ports.override.yml"
        override.write_text(OVERRIDE)
        stack = Stack(Path(args.tree).resolve(), args.project, override)
        progress(f"building and starting {args.tree} as {args.project}")
        try:
            stack.up()
            urls = stack.urls()
            # Unrecorded: the pools' connections (database, broker, downstream HTTP) are opened
            # at the first step's concurrency, and the first queries' caches filled.
            locust_step(urls["orders"], Shop(urls, TOKEN), args.rates[0], WARM_UP_SECONDS, scratch)
            results = [run_step(stack, urls, rate, args, scratch) for rate in args.rates]
        finally:
            stack.down()
    args.out.mkdir(parents=True, exist_ok=True)
    report = args.out / "load.md"
    # What was written by hand below the marker (a profile's reading) outlives a new run.
    kept = report.read_text().partition(BY_HAND)[2] if report.exists() else ""
    text = "\n".join(markdown(results, load, args)) + "\n"
    report.write_text(text + (f"\n{BY_HAND}{kept}" if kept.strip() else ""))
    (args.out / "load.svg").write_text(latency_svg(results))
    progress(f"wrote {args.out / 'load.md'} and {args.out / 'load.svg'}")


if __name__ == "__main__":
    main(sys.argv[1:])
