"""`nox -s load`: the compose stack under stepped order rates, driven by locust (headless).

The stack comes up under a project of its own (`pyramid-load`, free host ports; stack.py's
Stack) and always goes down with its volumes. For each rate in `--rates` (orders/s), a user and a
product of their own (probes.Shop) and `--seconds` of locust offering that rate (locustfile.py:
Poisson arrivals, one order a second per locust user on average); then, for up to `--grace`
seconds, the step's orders are read back until every one is final. Per step: the throughput
achieved, POST /orders p50/p95/p99 (locust's), errors, placing to final (the order's
`updated_at - created_at`: the database's clock, from the order's insert to its last change),
orders still not final, the orders stored against locust's 201s, and each container's CPU over
the step (its cgroup's counter). Writes `--out`/load.json, the generated block of load.md
rendered from it (page.py, where the verdict's rule lives) and load.svg; progress on stderr.
`--workers N` runs locust distributed: a master and N worker processes. `--against REV` measures
instead the CPU an order costs here and at REV, in turns (turns.py).

Needs infra/benchmark on PYTHONPATH (the nox session sets it): stack.py, probes.py, machine.py;
and infra/evidence/src, for the generated block's markers (evidence.generated.blocks).
"""

import argparse
import csv
import json
import math
import os
import resource
import shlex
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from evidence.generated import blocks
from machine import machine
from page import failures, render
from plot import latency_svg
from probes import FINAL, Api, Shop, container_cpu_seconds, engine
from report import percentile, progress
from stack import OVERRIDE, TOKEN, Stack

HERE = Path(__file__).parent
WARM_UP_SECONDS = 10
BLOCK = "load"  # the generated block of load.md: what is written by hand around it is kept


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rates", type=int, nargs="+", default=[10, 20, 30, 40, 50])
    parser.add_argument("--seconds", type=int, default=25, help="each step's length (25)")
    parser.add_argument("--grace", type=float, default=30.0, help="wait for finals, s (30)")
    parser.add_argument("--project", default="pyramid-load", help="compose project name")
    parser.add_argument("--tree", default=".", help="the checkout whose stack is built (.)")
    parser.add_argument("--out", type=Path, default=Path("docs"), help="for load.{json,md,svg}")
    parser.add_argument("--workers", type=int, default=0, help="locust workers (0: no master)")
    parser.add_argument("--note", default="", help="a line shown beside the figures")
    parser.add_argument("--against", help="a git revision (or directory): CPU per order in turns")
    parser.add_argument("--turns", type=int, default=2, help="with --against: runs of each (2)")
    args = parser.parse_args(argv)
    if args.project == "pyramid":
        parser.error("--project must not be the compose file's own `pyramid`")
    return args


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def locust_step(
    url: str, shop: Shop, rate: int, seconds: int, scratch: Path, workers: int = 0
) -> dict:
    """One locust run at `rate` users (orders/s); locust's figures for POST /orders.

    With `workers`, locust's own distributed mode: this run is the master (it writes the CSV of
    every worker's requests), and `workers` processes connect to it and place the orders.
    """
    prefix = scratch / f"step-{rate}"
    env = {**os.environ, "LOAD_TOKEN": TOKEN, "LOAD_USER_ID": shop.user_id, "LOAD_SKU": shop.sku}
    locust = [sys.executable, "-m", "locust", "--locustfile", str(HERE / "locustfile.py")]
    command = [*locust, "--headless", "--only-summary", "--host", url, "--csv", str(prefix)]
    command += ["--users", str(rate), "--spawn-rate", str(rate), "--run-time", f"{seconds}s"]
    command += ["--stop-timeout", "10", "--loglevel", "WARNING"]
    started: list[subprocess.Popen] = []
    if workers:
        port = str(free_port())
        command += ["--master", "--master-bind-host", "127.0.0.1", "--master-bind-port", port]
        command += ["--expect-workers", str(workers), "--expect-workers-max-wait", "60"]
        worker = [*locust, "--worker", "--master-host", "127.0.0.1", "--master-port", port]
        worker += ["--loglevel", "WARNING"]
        started = [
            subprocess.Popen(worker, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            for _ in range(workers)
        ]
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True)
    finally:
        for process in started:  # the master's quit ends them; reaped, their CPU is counted
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
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


def finals(orders: Api, user_id: str, grace: float) -> tuple[list[float], int, int, int]:
    """Seconds from insert to final state of each final order; how many were not final, how
    many cancelled, how many stored in all."""
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
    return seconds, len(pending), cancelled, len(found)


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_step(stack: Stack, urls: dict, rate: int, args, scratch: Path) -> dict:
    shop = Shop(urls, TOKEN)  # a user and a product (100,000 in stock) of the step's own
    containers = stack.containers()
    before = {name: container_cpu_seconds(i) for name, i in containers.items()}
    locust_before, started = children_cpu(), time.perf_counter()
    figures = locust_step(urls["orders"], shop, rate, args.seconds, scratch, args.workers)
    elapsed = time.perf_counter() - started
    after = {name: container_cpu_seconds(i) for name, i in containers.items()}
    cpu = {name: (after[name] - before[name]) / elapsed for name in containers}
    cpu["(locust, the load generator)"] = (children_cpu() - locust_before) / elapsed
    final_seconds, not_final, cancelled, stored = finals(shop.orders, shop.user_id, args.grace)
    # Every 201 locust counted is an order orders must have stored: fewer stored is a loss.
    acknowledged = figures["count"] - figures["failures"]
    result = {
        "rate": rate,
        "acknowledged": acknowledged,
        "stored": stored,
        "lost": max(0, acknowledged - stored),
        "throughput": (figures["count"] - figures["failures"]) / args.seconds,
        "final_p50": percentile(final_seconds, 0.5),
        "final_p95": percentile(final_seconds, 0.95),
        "final_max": max(final_seconds, default=math.nan),
        "not_final": not_final,
        "cancelled": cancelled,
        "cpu": cpu,
        "elapsed": elapsed,
        **figures,
    }
    progress(
        f"{rate}/s: {result['throughput']:.1f} ok/s, p50 {figures['50']:.0f} p99 "
        f"{figures['99']:.0f} ms, {figures['failures']} errors, final p95 "
        f"{result['final_p95']:.2f} s, {not_final} not final, {result['lost']} lost"
        + ("" if not failures(result) else " (did not pass)")
    )
    return result


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    if args.against:
        from turns import main as in_turns  # not at the top: turns.py imports this module

        return in_turns(args)
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
            shop = Shop(urls, TOKEN)
            locust_step(urls["orders"], shop, args.rates[0], WARM_UP_SECONDS, scratch, args.workers)
            results = [run_step(stack, urls, rate, args, scratch) for rate in args.rates]
        finally:
            stack.down()
    args.out.mkdir(parents=True, exist_ok=True)
    details = [
        f"- Steps: {args.seconds} s each; compose project `{args.project}`",
        f"- Docker server: {engine('/version').get('Version')}",
    ]
    options = ["--rates", *map(str, args.rates), "--seconds", str(args.seconds)]
    options += ["--workers", str(args.workers)] if args.workers else []
    data = {
        "command": "nox -s load -- " + shlex.join(options),
        "workers": args.workers,
        "note": args.note,
        "machine": machine(load, details),
        "results": results,
    }
    (args.out / "load.json").write_text(json.dumps(data, indent=1) + "\n")
    page = args.out / "load.md"
    text = page.read_text() if page.exists() else blocks.wrap(BLOCK, "", "· nox -s load") + "\n"
    page.write_text(blocks.update(text, BLOCK, render(data)))
    (args.out / "load.svg").write_text(latency_svg(results))
    progress(f"wrote {args.out / 'load.json'}, {args.out / 'load.md'} and {args.out / 'load.svg'}")


if __name__ == "__main__":
    main(sys.argv[1:])
