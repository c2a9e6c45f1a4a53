"""The users app is made with the chassis' framework errors, limits and page bounds."""

from testkit.checks.api import BodyChecks, FrameworkErrorChecks, PageChecks


# Its tests are the kit's (testkit/checks/api.py, infra/testkit/README.md): this class
# names what they check in this service; `pytest --collect-only` lists them.
class TestFrameworkErrors(FrameworkErrorChecks, BodyChecks, PageChecks):
    path, allow = "/users", "GET, POST"
    guarded = "GET /users"
    body_route = "POST /users"
    paged = "/users"
