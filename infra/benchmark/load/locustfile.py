"""Locust's users for `nox -s load`: each places an order a second on average, so N users offer N/s.

The runner (run.py) starts locust headless once per step with `-u N`, the orders service as
`--host`, and the shopper to order for in LOAD_USER_ID, LOAD_SKU and LOAD_TOKEN (the step's own
user and product, so the step's orders can be read back by user).
"""

import os
import random
import time

from locust import HttpUser, task


class Shopper(HttpUser):
    def wait_time(self) -> float:
        """Until this user's next arrival: an open load of Poisson arrivals, one a second each.

        The next order starts an exponential interval after the last one started, whatever the
        answer took, so the offered rate does not fall when the system slows (up to the number
        of users). Not locust's constant_throughput(1): users spawned together stay in step with
        it, and N orders arriving at the same instant every second queue behind each other (at
        10/s, p50 150 ms where the same rate arriving at random takes 22 ms).
        """
        self.next_start += random.expovariate(1.0)
        return max(0.0, self.next_start - time.monotonic())

    def on_start(self) -> None:
        # Users spawned together arrive at random from the first order on, too.
        time.sleep(random.expovariate(1.0))
        self.next_start = time.monotonic()
        self.client.headers["Authorization"] = f"Bearer {os.environ['LOAD_TOKEN']}"
        line = {"sku": os.environ["LOAD_SKU"], "quantity": 1}
        self.order = {"user_id": os.environ["LOAD_USER_ID"], "lines": [line]}

    @task
    def place(self) -> None:
        with self.client.post("/orders", json=self.order, catch_response=True) as response:
            if response.status_code != 201:
                response.failure(f"{response.status_code}: {response.text[:200]}")
