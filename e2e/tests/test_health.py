"""The system comes up whole: every service answers /health/ready (its database, its broker).

A test of its own, and the first to run (pytest takes the files in name order), so that a
system that does not come up fails here, as a test, rather than in the journeys' `system`
fixture: the fault matrix counts a fixture's error as a broken run, never as a catch
(compose-payments-broker-variable-misspelt: payments cannot reach its broker and exits).
"""

from system import not_ready


def test_every_service_answers_ready():
    assert not_ready() == [], "these services are not ready"
