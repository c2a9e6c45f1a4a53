"""The payments app is made with the chassis' framework errors and limits."""

from testkit.checks.api import FrameworkErrorChecks


# Payments has no route that reads a body, and its list (one order's payments) has no pages.
# Its tests are the kit's (testkit/checks/api.py, infra/testkit/README.md): this class
# names what they check in this service; `pytest --collect-only` lists them.
class TestFrameworkErrors(FrameworkErrorChecks):
    path, allow = "/payments", "GET"
    guarded = "GET /payments?order_id=0f301a56-b7d4-4438-a973-513d54f7cdd8"
