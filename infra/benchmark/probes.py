"""What the stack benchmark reads: the Docker engine's CPU counters, and the services' APIs.

Standard library only, like suites.py: the engine's API over its Unix socket, the services'
over one kept-alive HTTP connection each, as a client that places orders one after another.
"""

import http.client
import json
import os
import socket
import time
import uuid
from pathlib import Path

DOCKER_SOCKET = "/var/run/docker.sock"
FINAL = {"CONFIRMED", "CANCELLED"}
TICKS = os.sysconf("SC_CLK_TCK")


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: str) -> None:
        super().__init__("localhost", timeout=30)
        self.socket_path = path

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.socket_path)


def engine(path: str) -> dict:
    """GET `path` of the Docker engine's API, as JSON."""
    connection = _UnixConnection(os.environ.get("DOCKER_SOCKET", DOCKER_SOCKET))
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"docker API {path}: {response.status} {body[:200]!r}")
        return json.loads(body)
    finally:
        connection.close()


def container_cpu_seconds(container_id: str) -> float:
    """CPU seconds the container's processes have used so far (its cgroup's counter)."""
    stats = engine(f"/containers/{container_id}/stats?stream=false&one-shot=true")
    return stats["cpu_stats"]["cpu_usage"]["total_usage"] / 1e9


def _process_cpu_seconds(stat: str, children: bool) -> float:
    # After "(comm)": field 14 is utime, 15 stime, 16 cutime, 17 cstime (man 5 proc).
    fields = stat.rsplit(")", 1)[1].split()
    used = fields[11:15] if children else fields[11:13]
    return sum(int(value) for value in used) / TICKS


def engine_cpu_seconds(container_ids: list[str]) -> tuple[float, float]:
    """CPU seconds of the engine so far: the containers' shims, and dockerd + containerd.

    A health check is a `docker exec`: runc, started by the container's shim, sets it up
    outside the container, so that part is the shim's (reaped children included). dockerd and
    containerd serve every container on the engine, other projects' included.
    """
    shims = daemons = 0.0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            comm = (proc / "comm").read_text().strip()
            if comm.startswith("containerd-shim"):
                command = (proc / "cmdline").read_text()
                if any(container_id in command for container_id in container_ids):
                    shims += _process_cpu_seconds((proc / "stat").read_text(), children=True)
            elif comm in ("dockerd", "containerd"):
                daemons += _process_cpu_seconds((proc / "stat").read_text(), children=False)
        except OSError:
            continue  # gone meanwhile
    return shims, daemons


class Api:
    """One service's API over one kept-alive connection, with the compose demo token."""

    # uvicorn closes a connection idle for 5 s: a new one before, rather than a retried POST.
    IDLE_SECONDS = 4.0

    def __init__(self, base_url: str, token: str) -> None:
        host, port = base_url.removeprefix("http://").split(":")
        self.connection = http.client.HTTPConnection(host, int(port), timeout=30)
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        self.used = time.monotonic()

    def call(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
        if time.monotonic() - self.used > self.IDLE_SECONDS:
            self.connection.close()  # the next request connects again
        data = None if body is None else json.dumps(body).encode()
        self.connection.request(method, path, body=data, headers=self.headers)
        response = self.connection.getresponse()
        answer = json.loads(response.read() or b"null")
        self.used = time.monotonic()
        return response.status, answer

    def expect(self, status: int, method: str, path: str, body: dict | None = None) -> dict:
        got, answer = self.call(method, path, body)
        if got != status:
            raise RuntimeError(f"{method} {path}: {got} {answer}")
        return answer


class Shop:
    """A user and a product with plenty of stock; orders of one unit, placed one by one."""

    def __init__(self, urls: dict[str, str], token: str) -> None:
        self.users, self.catalog = Api(urls["users"], token), Api(urls["catalog"], token)
        self.orders = Api(urls["orders"], token)
        email = f"bench-{uuid.uuid4().hex[:12]}@example.com"
        user = self.users.expect(201, "POST", "/users", {"email": email, "name": "Bench"})
        self.user_id = user["id"]
        self.sku = f"BENCH-{uuid.uuid4().hex[:12].upper()}"
        product = {"sku": self.sku, "name": "Bench widget", "price_cents": 250, "stock": 100000}
        self.catalog.expect(201, "POST", "/products", product)

    def place(self) -> str:
        order = {"user_id": self.user_id, "lines": [{"sku": self.sku, "quantity": 1}]}
        return self.orders.expect(201, "POST", "/orders", order)["id"]

    def timed_place(self) -> float:
        started = time.perf_counter()
        self.place()
        return time.perf_counter() - started

    def timed_hops(self) -> dict[str, float]:
        """Seconds of each read POST /orders makes, asked from here: the user.

        (Its other hop, the reservation that prices the lines, is a write: not repeated here.)
        """
        hops = {}
        for name, api, path in (("GET /users/{id}", self.users, f"/users/{self.user_id}"),):
            started = time.perf_counter()
            api.expect(200, "GET", path)
            hops[name] = time.perf_counter() - started
        return hops

    def placed_to_final(
        self, timeout: float = 30.0, interval: float = 0.005
    ) -> tuple[float, float]:
        """Seconds of POST /orders, and from sending it to the first GET showing it final."""
        started = time.perf_counter()
        order_id = self.place()
        placed = time.perf_counter() - started
        while time.perf_counter() - started < timeout:
            if self.orders.expect(200, "GET", f"/orders/{order_id}")["status"] in FINAL:
                return placed, time.perf_counter() - started
            time.sleep(interval)
        raise RuntimeError(f"order {order_id} not final after {timeout} s")
