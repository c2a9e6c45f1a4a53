"""Where a benchmark's numbers come from, as Markdown: they only compare on one machine.

Standard library only: suites.py runs with the system's python3, outside any environment.
"""

import os
import platform
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path


def cpu_model() -> str:
    """The CPU's model name as /proc/cpuinfo gives it (virtual machines may shorten it)."""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def memory_gib() -> float:
    """Total memory in GiB, from /proc/meminfo."""
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024 / 1024
    return float("nan")


def machine(load_at_start: float, details: Sequence[str] = ()) -> list[str]:
    """Markdown lines describing the machine, the benchmark's own `details` among them.

    The load average is there because other work on a 2-core machine shows up in every figure:
    take `load_at_start` (``os.getloadavg()[0]``) before the first measurement.
    """
    return [
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- CPU: {os.cpu_count()} cores, {cpu_model()}",
        f"- Memory: {memory_gib():.1f} GiB",
        f"- OS: {platform.system()} {platform.release()}, Python {platform.python_version()}",
        *details,
        f"- Load average (1 min): {load_at_start:.2f} at start, {os.getloadavg()[0]:.2f} at end",
    ]
