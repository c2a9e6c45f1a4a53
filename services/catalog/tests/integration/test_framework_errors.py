"""The catalog app is made with the chassis' framework errors, limits and page bounds."""

from testkit.api_checks import BodyChecks, FrameworkErrorChecks, PageChecks


class TestFrameworkErrors(FrameworkErrorChecks, BodyChecks, PageChecks):
    path, allow = "/products", "GET, POST"
    guarded = "GET /products"
    body_route = "POST /reservations"
    paged = "/products"
