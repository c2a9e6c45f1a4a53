"""The e2e suite as a consumer of notifications: what its journeys read of a user's e-mails.

The journeys list a user's notifications (`GET /notifications?user_id=`) and compare how many
there are, and each one's `kind` ("order_confirmed", "order_cancelled"), `order_id` and
`recipient`. So the pact holds a list of exactly one notification of the order the provider
state names, its kind as the literal the journeys compare, and an e-mail address as recipient.
"""

import pytest
from pact import Pact, match
from system import DEMO_TOKEN, System

from testkit.pact.matchers import bearer

# The pact this module writes (the kit's `pact` fixture): (consumer, provider).
PACT = ("e2e", "notifications")
USER_ID = "2b4d6f80-1a3c-4e5f-8a7b-9c0d1e2f3a4b"
ORDER_ID = "7d1e5b3a-2c4f-4a6b-9d8e-1f0a2b3c4d5e"
EMAIL = r"^[^@\s]+@[^@\s]+$"


@pytest.mark.parametrize(
    ("description", "state", "kind"),
    [
        (
            "a request for the notifications of a user whose order was confirmed",
            "a user was told their order is confirmed",
            "order_confirmed",
        ),
        (
            "a request for the notifications of a user whose order was cancelled",
            "a user was told their order is cancelled",
            "order_cancelled",
        ),
    ],
)
def test_a_users_notification_names_its_kind_order_and_recipient(
    pact: Pact, description: str, state: str, kind: str
) -> None:
    """GET /notifications?user_id= answers the user's one notification: kind, order, recipient."""
    (
        pact.upon_receiving(description)
        .given(state, user_id=USER_ID, order_id=ORDER_ID)
        .with_request("GET", "/notifications")
        .with_query_parameter("user_id", USER_ID)
        .with_header("Authorization", bearer(DEMO_TOKEN))
        .will_respond_with(200)
        .with_body(
            {
                "items": [
                    {
                        "kind": kind,
                        "order_id": ORDER_ID,
                        "recipient": match.regex("ada@example.com", regex=EMAIL),
                    }
                ]
            },
            content_type="application/json",
        )
    )

    with pact.serve() as server, System.all_at(str(server.url)) as system:
        [notification] = system.notifications_of(USER_ID)

    assert (notification["kind"], notification["order_id"]) == (kind, ORDER_ID)
    assert notification["recipient"] == "ada@example.com"
