"""The users app is made with the chassis' framework errors, limits and page bounds."""

from testkit.api_checks import BodyChecks, FrameworkErrorChecks, PageChecks


class TestFrameworkErrors(FrameworkErrorChecks, BodyChecks, PageChecks):
    path, allow = "/users", "GET, POST"
    guarded = "GET /users"
    body_route = "POST /users"
    paged = "/users"
