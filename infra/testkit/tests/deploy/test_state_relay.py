"""can-i-deploy's plugin for provider runs (testkit/deploy/in_runs): the relay between Pact's
verifier and a provider's state endpoint, against a stand-in endpoint.

A failed state change must come back as an answer the verifier does not retry (a 4xx other
than 408 and 429), recorded for the matrix; a state change that works must pass unchanged,
values and all (users' endpoint answers the id the consumer's `${id}` takes).
"""

import json
import urllib.error
import urllib.request
from http.server import ThreadingHTTPServer

from testkit.deploy.in_runs import can_i_deploy_states as plugin
from testkit.stand_ins.json_http import JsonHandler, serving

STATE = "a user exists with a verified e-mail address"


def endpoint(status: int, answer: dict) -> ThreadingHTTPServer:
    """A provider's state endpoint that answers every change with `status` and `answer`."""

    class States(JsonHandler):
        def do_POST(self) -> None:
            self.read_body()
            self.send_json(status, answer)

    return ThreadingHTTPServer(("127.0.0.1", 0), States)


def change(url: str, action: str = "setup") -> tuple[int, dict]:
    """Post a state change as the verifier does: its status and its JSON answer."""
    body = json.dumps({"state": STATE, "params": {}, "action": action}).encode()
    request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=5) as answered:  # noqa: S310 (a stand-in)
            return answered.status, json.loads(answered.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_a_state_the_provider_has_no_handler_for_is_answered_422_and_recorded_as_unknown(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("CAN_I_DEPLOY_STATES", str(tmp_path / "states.jsonl"))
    lookup = {"error": f"{STATE!r}: KeyError({STATE!r})"}  # users' own endpoint's answer

    with serving(endpoint(500, lookup)) as url:
        status, answer = change(plugin.relay(f"{url}/_pact/state"))

    assert (status, answer) == (422, lookup)
    (line,) = (tmp_path / "states.jsonl").read_text().splitlines()
    assert json.loads(line) == {
        "state": STATE,
        "action": "setup",
        "unknown": True,
        "error": f"500: {json.dumps(lookup)}",
    }


def test_a_handler_that_fails_is_answered_422_and_recorded_with_its_error(tmp_path, monkeypatch):
    monkeypatch.setenv("CAN_I_DEPLOY_STATES", str(tmp_path / "states.jsonl"))

    with serving(endpoint(503, {"error": "OperationalError: the database is gone"})) as url:
        status, _ = change(plugin.relay(f"{url}/_pact/state"), action="teardown")

    assert status == 422
    (line,) = map(json.loads, (tmp_path / "states.jsonl").read_text().splitlines())
    assert (line["action"], line["unknown"]) == ("teardown", False)
    assert "OperationalError: the database is gone" in line["error"]


def test_a_state_change_that_works_passes_unchanged_and_records_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("CAN_I_DEPLOY_STATES", str(tmp_path / "states.jsonl"))

    with serving(endpoint(200, {"id": "42"})) as url:
        assert change(plugin.relay(f"{url}/_pact/state")) == (200, {"id": "42"})

    assert not (tmp_path / "states.jsonl").exists()
