"""Provider verification: results always saved, failures named one interaction per line."""

import json

import pytest

from testkit.pact.contracts import (
    broken_interactions,
    consumer_output_directory,
    pact_directory,
    report_directory,
    verifier_for,
    verify_provider,
)

MISSING_EMAIL = {
    "errors": [
        {
            "interaction": "a request for user 1",
            "mismatch": {"mismatches": [{"path": "$.email", "mismatch": "missing key"}]},
        },
        {"interaction": "a cancelled order", "mismatch": {"message": "no handler"}},
    ]
}


class FakeVerifier:
    def __init__(self, results, fails):
        self.results = results
        self.fails = fails

    def verify(self):
        if self.fails:
            raise RuntimeError("verification failed")


def test_each_mismatch_is_one_line_naming_its_interaction():
    assert broken_interactions(MISSING_EMAIL).splitlines() == [
        "a request for user 1: $.email missing key",
        "a cancelled order: no handler",
    ]


def test_results_naming_no_mismatch_still_say_the_verifier_failed():
    assert broken_interactions({}) == "the verifier failed (see its report above)"


def test_a_failed_verification_is_an_assertion_error_and_its_results_are_saved(tmp_path):
    with pytest.raises(AssertionError, match=r"a request for user 1: \$\.email missing key"):
        verify_provider(FakeVerifier(MISSING_EMAIL, fails=True), "users", tmp_path / "reports")

    assert json.loads((tmp_path / "reports" / "users.json").read_text()) == MISSING_EMAIL


def test_a_passing_verification_saves_its_results(tmp_path):
    verify_provider(FakeVerifier({"errors": []}, fails=False), "users", tmp_path)

    assert json.loads((tmp_path / "users.json").read_text()) == {"errors": []}


def test_the_pact_folder_is_pact_dir_when_set_else_the_default(tmp_path, monkeypatch):
    monkeypatch.delenv("PACT_DIR", raising=False)
    assert pact_directory(tmp_path / "contracts") == tmp_path / "contracts"

    monkeypatch.setenv("PACT_DIR", str(tmp_path / "fresh"))
    assert pact_directory(tmp_path / "contracts") == tmp_path / "fresh"


def test_a_consumer_writes_to_pact_dir_when_set_else_under_dot_reports_never_contracts(tmp_path):
    assert consumer_output_directory(tmp_path, {}) == tmp_path / ".reports" / "pacts"
    assert consumer_output_directory(tmp_path, {"PACT_DIR": ""}) == tmp_path / ".reports" / "pacts"

    fresh = tmp_path / "fresh"
    assert consumer_output_directory(tmp_path, {"PACT_DIR": str(fresh)}) == fresh


def test_the_report_folder_is_pact_report_dir_when_set_else_under_dot_reports(
    tmp_path, monkeypatch
):
    monkeypatch.delenv("PACT_REPORT_DIR", raising=False)
    assert report_directory(tmp_path) == tmp_path / ".reports" / "contracts"

    monkeypatch.setenv("PACT_REPORT_DIR", str(tmp_path / "elsewhere"))
    assert report_directory(tmp_path) == tmp_path / "elsewhere"


def test_a_provider_with_no_pact_in_the_folder_fails_rather_than_verify_nothing(tmp_path):
    (tmp_path / "orders-catalog.json").write_text("{}")

    with pytest.raises(AssertionError, match=f"no pacts for users in {tmp_path}"):
        verifier_for("users", tmp_path)


def test_the_verifier_is_the_providers_with_its_pacts_found(tmp_path):
    (tmp_path / "orders-users.json").write_text("{}")

    assert str(verifier_for("users", tmp_path)) == "Verifier(users)"
