"""The notifications app is made with the chassis' framework errors, limits and page bounds."""

from testkit.checks.api import FrameworkErrorChecks, PageChecks

ONE_USERS = "/notifications?user_id=bb187fb5-9ee4-4ef2-ad80-d1dfafb4c8c0"


# Notifications has no route that reads a body; its list has a limit and no offset.
# Its tests are the kit's (testkit/checks/api.py, infra/testkit/README.md): this class
# names what they check in this service; `pytest --collect-only` lists them.
class TestFrameworkErrors(FrameworkErrorChecks, PageChecks):
    path, allow = "/notifications", "GET"
    guarded = f"GET {ONE_USERS}"
    paged = ONE_USERS
    parameters = ("limit",)
