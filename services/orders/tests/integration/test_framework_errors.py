"""The orders app is made with the chassis' framework errors, limits and page bounds."""

from testkit.api_checks import BodyChecks, FrameworkErrorChecks, PageChecks


class TestFrameworkErrors(FrameworkErrorChecks, BodyChecks, PageChecks):
    path, allow = "/orders", "GET, POST"
    guarded = "GET /orders"
    body_route = "POST /orders"
    paged = "/orders"
