"""pytest fixtures for Pact tests: where a consumer writes its pact, how a provider verifies.

A plugin of its own, loaded by `testkit.plugin` in every test process, unit runs included: Pact
(and uvicorn) are imported inside the fixtures that need them, never when the plugin loads.

    pact_dir (session): the pacts a provider verifies, $PACT_DIR or the repository's contracts/
    pact_output (module): where a consumer writes, $PACT_DIR or .reports/pacts (never contracts/),
        after removing the pact the module writes
    pact: the module's pact, written to `pact_output` after each test
    verify (session): runs a Verifier and saves its results for the pipeline's matrix
    verifier_token (session): the bearer token an HTTP provider's verifier sends
    provider_url (session): the service's `provider_app` fixture, served in a thread
"""

import os
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from testkit.pact.contracts import (
    consumer_output_directory,
    pact_directory,
    report_directory,
    verify_provider,
)
from testkit.workspace import workspace_root

if TYPE_CHECKING:
    from pact import Pact, Verifier


# The folders this run's consumer tests wrote pacts to, said at the end of the run.
WRITTEN = pytest.StashKey[set[Path]]()


def pytest_configure(config: pytest.Config) -> None:
    """Pact reports usage to its authors unless told not to: tests never should."""
    os.environ.setdefault("PACT_DO_NOT_TRACK", "true")


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    """Say where the consumers' pacts went, and that contracts/ is the pipeline's to change."""
    for directory in sorted(config.stash.get(WRITTEN, set())):
        terminalreporter.write_line(
            f"pacts written to {directory}; contracts/ changes only through "
            "`nox -s contracts -- --update`"
        )


@pytest.fixture(scope="session")
def pact_dir(pytestconfig: pytest.Config) -> Path:
    """The pacts a provider verifies: $PACT_DIR (the pipeline: a fresh folder), else contracts/.

    Read only: consumers write to `pact_output`, which is never contracts/ outside the pipeline.
    """
    directory = pact_directory(workspace_root(pytestconfig.rootpath) / "contracts")
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@pytest.fixture(scope="module")
def pact_output(request: pytest.FixtureRequest) -> Path:
    """Where a consumer test module writes the pact it names in `PACT = (consumer, provider)`.

    $PACT_DIR under the contract pipeline; by hand, .reports/pacts, so a plain pytest run leaves
    the committed contracts/ alone (testkit.pact.contracts.consumer_output_directory). The module's
    old file is removed before its first test, so that the tests (each adding its interaction)
    write it whole, with no interaction left over from a previous run.
    """
    # The module-level PACT is read here, not passed in: a consumer module is about one pact,
    # and naming it once at the top (beside the imports) is what the reader sees first.
    consumer, provider = request.module.PACT
    directory = consumer_output_directory(workspace_root(request.config.rootpath))
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{consumer}-{provider}.json").unlink(missing_ok=True)
    request.config.stash.setdefault(WRITTEN, set()).add(directory)
    return directory


@pytest.fixture
def pact(request: pytest.FixtureRequest, pact_output: Path) -> Iterator["Pact"]:
    """The pact of the module's `PACT = (consumer, provider)`, Pact specification V4.

    Each test adds its interactions; the file is written after each test, merging them into one.
    A pact is HTTP or messages, never both (one that mixed them made the mock server panic), so
    a service's events are a provider of their own: ``("catalog", "orders-events")``.
    """
    from pact import Pact

    pact = Pact(*request.module.PACT).with_specification("V4")
    yield pact
    pact.write_file(pact_output)


@pytest.fixture(scope="session")
def verify(pytestconfig: pytest.Config) -> Callable[["Verifier", str], None]:
    """Run a provider's Verifier, saving its results ($PACT_REPORT_DIR) for the pipeline's matrix.

    Called as ``verify(verifier, provider_name)``; a failure is an AssertionError naming each
    broken interaction on a line of its own.
    """
    reports = report_directory(workspace_root(pytestconfig.rootpath))
    return partial(verify_provider, reports=reports)


@pytest.fixture(scope="session")
def verifier_token() -> str:
    """The token the verifier sends in place of each consumer's own: the pacts fix its shape.

    The service's `provider_app` accepts it, so verification goes through the app's auth.
    """
    return "pact-verifier-token"


@pytest.fixture(scope="session")
def provider_url(provider_app: object) -> Iterator[str]:
    """The HTTP provider's real app (its conftest's `provider_app`), served in a thread.

    The app runs under uvicorn on a free port for the whole run, as the verifier needs a real
    server; it should use the kit's `committing_session_factory`, so that what the provider
    states commit is seen by the app's thread.
    """
    from testkit.stand_ins.http import serve_in_thread

    with serve_in_thread(provider_app) as url:
        yield url
