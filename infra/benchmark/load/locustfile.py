"""Locust's users for `nox -s load`: each places one order a second, so N users offer N orders/s.

The runner (run.py) starts locust headless once per step with `-u N`, the orders service as
`--host`, and the shopper to order for in LOAD_USER_ID, LOAD_SKU and LOAD_TOKEN (the step's own
user and product, so the step's orders can be read back by user).
"""

import os

from locust import HttpUser, constant_throughput, task


class Shopper(HttpUser):
    # One task a second whatever the answer takes: the offered rate does not fall when the
    # system slows (up to the number of users), which is what a load curve needs to show.
    wait_time = constant_throughput(1)

    def on_start(self) -> None:
        self.client.headers["Authorization"] = f"Bearer {os.environ['LOAD_TOKEN']}"
        line = {"sku": os.environ["LOAD_SKU"], "quantity": 1}
        self.order = {"user_id": os.environ["LOAD_USER_ID"], "lines": [line]}

    @task
    def place(self) -> None:
        with self.client.post("/orders", json=self.order, catch_response=True) as response:
            if response.status_code != 201:
                response.failure(f"{response.status_code}: {response.text[:200]}")
