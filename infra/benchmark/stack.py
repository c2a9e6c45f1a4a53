"""Benchmark of the compose stack: its idle CPU, POST /orders latency, placing to final.

Standard library only (like suites.py). From the repository root, with Docker and the images
of infra/images (the services are built from each tree given):

    python3 infra/benchmark/stack.py [--tree before=/tmp/old-checkout] [--tree after=.]

Each tree in turn, alone on the engine's CPU: its stack comes up under a project of its own
(`--project`, never the compose file's `pyramid`) with its ports on free host ports; `up
--wait` is timed (the build before it is not); after `--settle` seconds, the CPU each container
uses over `--idle` seconds is read from the engine's counters, with the CPU of its shims and
their reaped children (the health checks' `docker exec`: runc, and the check itself, which its
container's figure counts too); then `--orders` POST /orders back to back (after 5 unmeasured),
and `--finals` orders each placed once the one before is final and followed until GET shows
CONFIRMED or CANCELLED; then `down --volumes`. With `--turns N` the trees take turns N times
(A B A B ...), so that a noisy minute falls on both, and every figure is the median of its N.
Each run's figures go to docs/stack.json, and docs/benchmarks.md's `stack` block is rendered
from it (stack_page.py, checked by `nox -s lint`); standard output is that block's Markdown
(the medians, the last tree against the first, the machine); progress goes to standard error.
"""

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import machine
from probes import Shop, container_cpu_seconds, engine, engine_cpu_seconds
from publish import publish
from report import percentile, progress
from stack_page import render

SERVICES = ("users", "catalog", "orders", "payments", "notifications")
TOKEN = "demo-admin-token"  # noqa: S105  (compose's demo token, not a secret)
OVERRIDE = "services:\n" + "".join(
    f'  {name}:\n    ports: !override ["127.0.0.1::8000"]\n' for name in SERVICES
)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", action="append", help="LABEL=DIR (default: now=.)")
    parser.add_argument("--project", default="pyramid-bench", help="compose project name")
    parser.add_argument("--settle", type=float, default=15.0, help="seconds after up (15)")
    parser.add_argument("--idle", type=float, default=30.0, help="idle CPU window, s (30)")
    parser.add_argument("--orders", type=int, default=100, help="back-to-back POSTs (100)")
    parser.add_argument("--finals", type=int, default=50, help="orders followed to final (50)")
    parser.add_argument("--turns", type=int, default=1, help="runs of each tree, in turns (1)")
    args = parser.parse_args(argv)
    if args.project == "pyramid":
        parser.error("--project must not be the compose file's own `pyramid`")
    args.trees = [tuple(tree.split("=", 1)) for tree in args.tree or ["now=."]]
    return args


class Stack:
    def __init__(self, tree: Path, project: str, override: Path) -> None:
        self.tree, self.project = tree, project
        files = ["--file", str(tree / "docker-compose.yml"), "--file", str(override)]
        self.compose = ["docker", "compose", "--ansi", "never", "--project-name", project]
        self.compose += ["--project-directory", str(tree), *files]

    def run(self, *args: str) -> str:
        done = subprocess.run([*self.compose, *args], capture_output=True, text=True)
        if done.returncode:
            sys.exit(f"compose {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    def up(self) -> float:
        self.run("build")
        started = time.perf_counter()
        self.run("up", "--wait", "--wait-timeout", "300")
        return time.perf_counter() - started

    def containers(self) -> dict[str, str]:
        """Service name -> container id."""
        ids = self.run("ps", "--quiet").split()
        return {
            engine(f"/containers/{i}/json")["Config"]["Labels"]["com.docker.compose.service"]: i
            for i in ids
        }

    def urls(self) -> dict[str, str]:
        return {name: "http://" + self.run("port", name, "8000").strip() for name in SERVICES}

    def down(self) -> None:
        self.run("down", "--volumes", "--remove-orphans")


def idle_cpu(containers: dict[str, str], seconds: float) -> dict[str, float]:
    """Share of one core each container (and the engine's parts) used over `seconds`."""
    ids = list(containers.values())
    before = {name: container_cpu_seconds(i) for name, i in containers.items()}
    shims_before, daemons_before = engine_cpu_seconds(ids)
    started = time.perf_counter()
    time.sleep(seconds)
    after = {name: container_cpu_seconds(i) for name, i in containers.items()}
    shims_after, daemons_after = engine_cpu_seconds(ids)
    elapsed = time.perf_counter() - started
    shares = {name: (after[name] - before[name]) / elapsed for name in containers}
    shares["(shims of these containers)"] = (shims_after - shims_before) / elapsed
    shares["(dockerd + containerd, whole engine)"] = (daemons_after - daemons_before) / elapsed
    return shares


def containers_only(cpu: dict[str, float]) -> float:
    """The containers' share, without the engine's parts (named in parentheses)."""
    return sum(share for name, share in cpu.items() if not name.startswith("("))


def measure(label: str, tree: Path, args: argparse.Namespace, override: Path) -> dict:
    stack = Stack(tree.resolve(), args.project, override)
    progress(f"{label}: building and starting {tree}")
    try:
        up = stack.up()
        progress(f"{label}: up --wait took {up:.1f} s; settling {args.settle:.0f} s")
        time.sleep(args.settle)
        cpu = idle_cpu(stack.containers(), args.idle)
        progress(f"{label}: idle containers {containers_only(cpu):.1%}")
        shop = Shop(stack.urls(), TOKEN)
        for _ in range(5):
            shop.place()  # connections, caches and the first queries warm
        posts = [shop.timed_place() for _ in range(args.orders)]
        hops = [shop.timed_hops() for _ in range(args.orders)]
        time.sleep(2)  # the orders above reach their final state
        # Each order placed once the one before is final: POST /orders on a quiet stack.
        alone, finals = zip(*(shop.placed_to_final() for _ in range(args.finals)), strict=True)
        progress(f"{label}: POST p50 {statistics.median(posts) * 1000:.1f} ms")
        samples = {"posts": posts, "hops": hops, "alone": list(alone), "finals": list(finals)}
        return {"figures": figures(up, cpu, samples), "cpu": cpu}
    finally:
        stack.down()


def figures(up: float, cpu: dict[str, float], result: dict) -> dict[str, float]:
    """One run's figures, by what they are (ms, s, % of one core)."""
    containers = containers_only(cpu)
    shims = cpu["(shims of these containers)"]
    posts, alone, finals = result["posts"], result["alone"], result["finals"]
    return {
        "`docker compose up --wait`, s": up,
        "Idle CPU, all containers, % of one core": containers * 100,
        "Idle CPU, their shims and reaped children (runc, checks), % of one core": shims * 100,
        f"POST /orders p50, ms ({len(posts)} back to back)": statistics.median(posts) * 1000,
        "POST /orders p90, ms": percentile(posts, 0.9) * 1000,
        "POST /orders p99, ms": percentile(posts, 0.99) * 1000,
        "POST /orders max, ms": max(posts) * 1000,
        f"POST /orders p50, ms, each once the one before is final ({len(alone)})": (
            statistics.median(alone) * 1000
        ),
        "POST /orders p99, ms, each once the one before is final": percentile(alone, 0.99) * 1000,
        **{
            f"{hop} p50, ms (one hop of POST /orders, from the host)": statistics.median(
                [sample[hop] for sample in result["hops"]]
            )
            * 1000
            for hop in result["hops"][0]
        },
        f"Placing to final p50, ms ({len(finals)} orders)": statistics.median(finals) * 1000,
        "Placing to final p90, ms": percentile(finals, 0.9) * 1000,
        "Placing to final max, ms": max(finals) * 1000,
    }


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    load = os.getloadavg()[0]
    runs: dict[str, list[dict]] = {label: [] for label, _ in args.trees}
    with tempfile.TemporaryDirectory() as scratch:
        override = Path(scratch) / "ports.override.yml"
        override.write_text(OVERRIDE)
        for turn in range(1, args.turns + 1):
            for label, tree in args.trees:
                progress(f"turn {turn} of {args.turns}")
                runs[label].append(measure(label, Path(tree), args, override))
    details = [
        f"- Trees: {', '.join(f'{label} = `{tree}`' for label, tree in args.trees)}",
        f"- Idle window {args.idle:.0f} s, {args.settle:.0f} s after `up --wait`",
        f"- Docker server: {engine('/version').get('Version')}",
    ]
    data = {
        "command": "python3 infra/benchmark/stack.py " + shlex.join(argv),
        "turns": args.turns,
        "machine": machine(load, details),
        "runs": runs,
    }
    publish("stack", data)
    print(render(data))


if __name__ == "__main__":
    main(sys.argv[1:])
