"""A consumer pact test run by hand (plain pytest, no $PACT_DIR) leaves contracts/ as committed.

Only the contract pipeline changes the committed pacts (`nox -s contracts -- --update`); a
developer running one consumer suite gets its pact in .reports/pacts, and is told so.
"""

import textwrap

import pytest

pytest_plugins = ["pytester"]

CONSUMER_TEST = """
    import urllib.request

    PACT = ("alice", "bob")


    def test_alice_reads_a_thing(pact):
        pact.upon_receiving("a thing").with_request("GET", "/thing").will_respond_with(200)
        with pact.serve() as server:
            assert urllib.request.urlopen(f"{server.url}/thing").status == 200
"""
COMMITTED = '{"consumer": {"name": "alice"}, "provider": {"name": "bob"}, "interactions": []}'


def test_a_consumer_suite_run_by_hand_writes_under_dot_reports_and_not_contracts(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PACT_DIR", raising=False)
    root = pytester.path
    (root / "uv.lock").touch()  # what makes the folder a workspace for the kit
    committed = root / "contracts" / "alice-bob.json"
    committed.parent.mkdir()
    committed.write_text(COMMITTED)
    member = root / "services" / "alice"
    (member / "tests" / "contract").mkdir(parents=True)
    (member / "pyproject.toml").write_text('[project]\nname = "alice"\n')
    test = member / "tests" / "contract" / "test_bob_consumer.py"
    test.write_text(textwrap.dedent(CONSUMER_TEST))

    result = pytester.runpytest_subprocess(
        str(test), "--rootdir", str(member), "-p", "no:cacheprovider"
    )

    result.assert_outcomes(passed=1)
    assert committed.read_text() == COMMITTED
    written = root / ".reports" / "pacts" / "alice-bob.json"
    assert '"a thing"' in written.read_text()
    result.stdout.fnmatch_lines([f"pacts written to {written.parent}; contracts/ changes only *"])


def test_the_committed_pacts_are_the_ones_a_provider_verifies_by_hand(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PACT_DIR", raising=False)
    (pytester.path / "uv.lock").touch()
    pytester.makepyfile(
        test_provider="""
        def test_reads_contracts(pact_dir):
            assert pact_dir.name == "contracts"
        """
    )

    pytester.runpytest_subprocess("-p", "no:cacheprovider").assert_outcomes(passed=1)
